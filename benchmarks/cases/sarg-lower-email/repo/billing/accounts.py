from .db import connect


def find_account_by_email(email: str) -> tuple | None:
    with connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT id, name, plan FROM accounts WHERE lower(email) = lower(%s)", (email,))
        return cur.fetchone()

from .db import connect


def accounts_in_region(region: str, limit: int = 100) -> list[tuple]:
    with connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT id, name, plan FROM accounts WHERE region = %s ORDER BY id LIMIT %s", (region, limit))
        return cur.fetchall()

from .db import connect


def accounts_to_remind(account_ids: list[int]) -> list[tuple[int, str]]:
    reminders = []
    with connect() as conn, conn.cursor() as cur:
        for account_id in account_ids:
            cur.execute("SELECT id, email FROM accounts WHERE id = %s AND status = 'active'", (account_id,))
            row = cur.fetchone()
            if row:
                reminders.append(row)
    return reminders

from .db import connect


def open_invoices_due_before(cutoff) -> list[tuple]:
    with connect() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT id, account_id, amount FROM invoices WHERE status = 'open' AND due_at < %s LIMIT 500",
            (cutoff,),
        )
        return cur.fetchall()

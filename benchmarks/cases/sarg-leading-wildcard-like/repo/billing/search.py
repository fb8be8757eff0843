from .db import connect


def invoices_ending_with(suffix: str) -> list[tuple]:
    with connect() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT id, number, amount FROM invoices WHERE number LIKE '%%' || %s ORDER BY id LIMIT 50",
            (suffix,),
        )
        return cur.fetchall()

from datetime import date

from .db import connect


def invoiced_on(day: date) -> tuple:
    with connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*), coalesce(sum(amount), 0) FROM invoices WHERE date(issued_at) = %s", (day,))
        return cur.fetchone()

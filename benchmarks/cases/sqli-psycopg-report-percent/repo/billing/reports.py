from datetime import date

from .db import connect


def revenue_by_plan(plan: str, since: date) -> list[tuple]:
    query = """
        SELECT date_trunc('month', i.issued_at) AS month, sum(i.amount)
        FROM invoices i JOIN accounts a ON a.id = i.account_id
        WHERE a.plan = '%s' AND i.issued_at >= '%s'
        GROUP BY 1 ORDER BY 1
    """ % (plan, since.isoformat())
    with connect() as conn, conn.cursor() as cur:
        cur.execute(query)
        return cur.fetchall()

from decimal import Decimal

from .db import connect


def invoices_for_account(account_id: int) -> list[tuple]:
    with connect() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT id, number, amount, status, issued_at FROM invoices"
            " WHERE account_id = %s ORDER BY issued_at DESC LIMIT 100",
            (account_id,),
        )
        return cur.fetchall()


def mark_paid(invoice_id: int, provider_ref: str, amount: Decimal) -> None:
    with connect() as conn, conn.cursor() as cur:
        cur.execute(
            "INSERT INTO payments (invoice_id, provider_ref, amount) VALUES (%s, %s, %s)",
            (invoice_id, provider_ref, amount),
        )
        cur.execute("UPDATE invoices SET status = 'paid', paid_at = now() WHERE id = %s", (invoice_id,))

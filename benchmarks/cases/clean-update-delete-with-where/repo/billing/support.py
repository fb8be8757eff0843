from .db import connect


def void_invoices(invoice_ids: list[int]) -> int:
    with connect() as conn, conn.cursor() as cur:
        cur.execute("UPDATE invoices SET status = 'void' WHERE id = ANY(%s) AND status = 'open'", (invoice_ids,))
        return cur.rowcount


def delete_duplicate_payment(invoice_id: int, provider_ref: str) -> int:
    with connect() as conn, conn.cursor() as cur:
        cur.execute("DELETE FROM payments WHERE invoice_id = %s AND provider_ref = %s", (invoice_id, provider_ref))
        return cur.rowcount

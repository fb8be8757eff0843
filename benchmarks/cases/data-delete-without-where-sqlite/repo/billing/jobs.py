import logging

from .db import connect

log = logging.getLogger(__name__)


def close_overdue_invoices() -> int:
    """Nightly: mark invoices past due as overdue."""
    with connect() as conn, conn.cursor() as cur:
        cur.execute("UPDATE invoices SET status = 'overdue' WHERE status = 'open' AND due_at < now()")
        log.info("marked %d invoices overdue", cur.rowcount)
        return cur.rowcount

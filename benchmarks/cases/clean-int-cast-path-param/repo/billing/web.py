from flask import Blueprint, abort, jsonify, request

from .auth import require_token
from .db import connect
from .invoices import invoices_for_account

bp = Blueprint("billing", __name__, url_prefix="/billing")


@bp.get("/accounts/<int:account_id>/invoices")
@require_token
def list_invoices(account_id: int):
    rows = invoices_for_account(account_id)
    return jsonify([
        {"id": r[0], "number": r[1], "amount": str(r[2]), "status": r[3], "issued_at": r[4].isoformat()}
        for r in rows
    ])


@bp.get("/accounts/<int:account_id>")
@require_token
def account_summary(account_id: int):
    with connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT id, name, plan, balance FROM accounts WHERE id = %s", (account_id,))
        row = cur.fetchone()
    if row is None:
        abort(404)
    return jsonify({"id": row[0], "name": row[1], "plan": row[2], "balance": str(row[3])})


@bp.get("/health")
def health():
    return jsonify({"ok": True})

from flask import Blueprint, abort, jsonify, request

from .auth import require_token
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


@bp.get("/health")
def health():
    return jsonify({"ok": True})

from datetime import date

from flask import Blueprint, abort, jsonify, request

from .auth import require_token
from .invoices import invoices_for_account
from .reports import revenue_by_plan

bp = Blueprint("billing", __name__, url_prefix="/billing")


@bp.get("/accounts/<int:account_id>/invoices")
@require_token
def list_invoices(account_id: int):
    rows = invoices_for_account(account_id)
    return jsonify([
        {"id": r[0], "number": r[1], "amount": str(r[2]), "status": r[3], "issued_at": r[4].isoformat()}
        for r in rows
    ])


@bp.get("/reports/revenue")
@require_token
def revenue():
    plan = request.args.get("plan", "pro")
    since = date.fromisoformat(request.args.get("since", "2024-01-01"))
    return jsonify([[m.isoformat(), str(total)] for m, total in revenue_by_plan(plan, since)])


@bp.get("/health")
def health():
    return jsonify({"ok": True})

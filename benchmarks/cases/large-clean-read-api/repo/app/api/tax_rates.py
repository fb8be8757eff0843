from flask import Blueprint, jsonify
from flask_login import login_required

from ..db import db
from ..models import TaxRate

bp = Blueprint("api_tax_rates", __name__, url_prefix="/api/tax_rates")


@bp.get("/<int:row_id>")
@login_required
def get_tax_rate(row_id: int):
    row = db.get_or_404(TaxRate, row_id)
    return jsonify(row.to_dict())


@bp.get("/")
@login_required
def list_tax_rates():
    rows = db.session.scalars(db.select(TaxRate).where(TaxRate.id > 0).order_by(TaxRate.id).limit(100))
    return jsonify([row.to_dict() for row in rows])

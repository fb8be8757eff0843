from flask import Blueprint, jsonify
from flask_login import login_required

from ..db import db
from ..models import Supplier

bp = Blueprint("api_suppliers", __name__, url_prefix="/api/suppliers")


@bp.get("/<int:row_id>")
@login_required
def get_supplier(row_id: int):
    row = db.get_or_404(Supplier, row_id)
    return jsonify(row.to_dict())


@bp.get("/")
@login_required
def list_suppliers():
    rows = db.session.scalars(db.select(Supplier).where(Supplier.id > 0).order_by(Supplier.id).limit(100))
    return jsonify([row.to_dict() for row in rows])

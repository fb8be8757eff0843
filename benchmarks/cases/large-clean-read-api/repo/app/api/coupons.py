from flask import Blueprint, jsonify
from flask_login import login_required

from ..db import db
from ..models import Coupon

bp = Blueprint("api_coupons", __name__, url_prefix="/api/coupons")


@bp.get("/<int:row_id>")
@login_required
def get_coupon(row_id: int):
    row = db.get_or_404(Coupon, row_id)
    return jsonify(row.to_dict())


@bp.get("/")
@login_required
def list_coupons():
    rows = db.session.scalars(db.select(Coupon).where(Coupon.id > 0).order_by(Coupon.id).limit(100))
    return jsonify([row.to_dict() for row in rows])

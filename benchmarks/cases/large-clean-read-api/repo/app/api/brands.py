from flask import Blueprint, jsonify
from flask_login import login_required

from ..db import db
from ..models import Brand

bp = Blueprint("api_brands", __name__, url_prefix="/api/brands")


@bp.get("/<int:row_id>")
@login_required
def get_brand(row_id: int):
    row = db.get_or_404(Brand, row_id)
    return jsonify(row.to_dict())


@bp.get("/")
@login_required
def list_brands():
    rows = db.session.scalars(db.select(Brand).where(Brand.id > 0).order_by(Brand.id).limit(100))
    return jsonify([row.to_dict() for row in rows])

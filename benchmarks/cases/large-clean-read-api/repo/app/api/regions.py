from flask import Blueprint, jsonify
from flask_login import login_required

from ..db import db
from ..models import Region

bp = Blueprint("api_regions", __name__, url_prefix="/api/regions")


@bp.get("/<int:row_id>")
@login_required
def get_region(row_id: int):
    row = db.get_or_404(Region, row_id)
    return jsonify(row.to_dict())


@bp.get("/")
@login_required
def list_regions():
    rows = db.session.scalars(db.select(Region).where(Region.id > 0).order_by(Region.id).limit(100))
    return jsonify([row.to_dict() for row in rows])

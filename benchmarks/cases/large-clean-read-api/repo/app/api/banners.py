from flask import Blueprint, jsonify
from flask_login import login_required

from ..db import db
from ..models import Banner

bp = Blueprint("api_banners", __name__, url_prefix="/api/banners")


@bp.get("/<int:row_id>")
@login_required
def get_banner(row_id: int):
    row = db.get_or_404(Banner, row_id)
    return jsonify(row.to_dict())


@bp.get("/")
@login_required
def list_banners():
    rows = db.session.scalars(db.select(Banner).where(Banner.id > 0).order_by(Banner.id).limit(100))
    return jsonify([row.to_dict() for row in rows])

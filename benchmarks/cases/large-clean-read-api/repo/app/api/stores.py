from flask import Blueprint, jsonify
from flask_login import login_required

from ..db import db
from ..models import Store

bp = Blueprint("api_stores", __name__, url_prefix="/api/stores")


@bp.get("/<int:row_id>")
@login_required
def get_store(row_id: int):
    row = db.get_or_404(Store, row_id)
    return jsonify(row.to_dict())


@bp.get("/")
@login_required
def list_stores():
    rows = db.session.scalars(db.select(Store).where(Store.id > 0).order_by(Store.id).limit(100))
    return jsonify([row.to_dict() for row in rows])

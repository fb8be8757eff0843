from flask import Blueprint, jsonify
from flask_login import login_required

from ..db import db
from ..models import Collection

bp = Blueprint("api_collections", __name__, url_prefix="/api/collections")


@bp.get("/<int:row_id>")
@login_required
def get_collection(row_id: int):
    row = db.get_or_404(Collection, row_id)
    return jsonify(row.to_dict())


@bp.get("/")
@login_required
def list_collections():
    rows = db.session.scalars(db.select(Collection).where(Collection.id > 0).order_by(Collection.id).limit(100))
    return jsonify([row.to_dict() for row in rows])

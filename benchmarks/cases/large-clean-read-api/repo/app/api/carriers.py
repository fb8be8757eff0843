from flask import Blueprint, jsonify
from flask_login import login_required

from ..db import db
from ..models import Carrier

bp = Blueprint("api_carriers", __name__, url_prefix="/api/carriers")


@bp.get("/<int:row_id>")
@login_required
def get_carrier(row_id: int):
    row = db.get_or_404(Carrier, row_id)
    return jsonify(row.to_dict())


@bp.get("/")
@login_required
def list_carriers():
    rows = db.session.scalars(db.select(Carrier).where(Carrier.id > 0).order_by(Carrier.id).limit(100))
    return jsonify([row.to_dict() for row in rows])

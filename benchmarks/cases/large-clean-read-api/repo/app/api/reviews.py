from flask import Blueprint, jsonify
from flask_login import login_required

from ..db import db
from ..models import Review

bp = Blueprint("api_reviews", __name__, url_prefix="/api/reviews")


@bp.get("/<int:row_id>")
@login_required
def get_review(row_id: int):
    row = db.get_or_404(Review, row_id)
    return jsonify(row.to_dict())


@bp.get("/")
@login_required
def list_reviews():
    rows = db.session.scalars(db.select(Review).where(Review.id > 0).order_by(Review.id).limit(100))
    return jsonify([row.to_dict() for row in rows])

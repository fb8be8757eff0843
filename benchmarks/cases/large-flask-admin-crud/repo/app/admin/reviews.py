from flask import Blueprint, abort, jsonify, request
from flask_login import current_user, login_required

from ..db import db
from ..models import Review

bp = Blueprint("reviews", __name__, url_prefix="/admin/reviews")


def _require_admin() -> None:
    if not current_user.is_admin:
        abort(403)


@bp.get("/")
@login_required
def list_reviews():
    _require_admin()
    page = request.args.get("page", 1, type=int)
    rows = db.paginate(db.select(Review).order_by(Review.id), page=page, per_page=50)
    return jsonify([row.to_dict() for row in rows.items])


@bp.post("/")
@login_required
def create_review():
    _require_admin()
    payload = request.get_json(force=True)
    row = Review(name=payload["name"], active=bool(payload.get("active", True)))
    db.session.add(row)
    db.session.commit()
    return jsonify(row.to_dict()), 201


@bp.delete("/<int:row_id>")
@login_required
def delete_review(row_id: int):
    _require_admin()
    row = db.get_or_404(Review, row_id)
    db.session.delete(row)
    db.session.commit()
    return "", 204

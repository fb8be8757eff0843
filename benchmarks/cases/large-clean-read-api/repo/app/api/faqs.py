from flask import Blueprint, jsonify
from flask_login import login_required

from ..db import db
from ..models import Faq

bp = Blueprint("api_faqs", __name__, url_prefix="/api/faqs")


@bp.get("/<int:row_id>")
@login_required
def get_faq(row_id: int):
    row = db.get_or_404(Faq, row_id)
    return jsonify(row.to_dict())


@bp.get("/")
@login_required
def list_faqs():
    rows = db.session.scalars(db.select(Faq).where(Faq.id > 0).order_by(Faq.id).limit(100))
    return jsonify([row.to_dict() for row in rows])

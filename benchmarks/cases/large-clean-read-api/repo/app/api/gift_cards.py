from flask import Blueprint, jsonify
from flask_login import login_required

from ..db import db
from ..models import GiftCard

bp = Blueprint("api_gift_cards", __name__, url_prefix="/api/gift_cards")


@bp.get("/<int:row_id>")
@login_required
def get_gift_card(row_id: int):
    row = db.get_or_404(GiftCard, row_id)
    return jsonify(row.to_dict())


@bp.get("/")
@login_required
def list_gift_cards():
    rows = db.session.scalars(db.select(GiftCard).where(GiftCard.id > 0).order_by(GiftCard.id).limit(100))
    return jsonify([row.to_dict() for row in rows])

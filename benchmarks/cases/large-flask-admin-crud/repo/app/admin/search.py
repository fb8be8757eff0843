from flask import Blueprint, jsonify, request
from flask_login import login_required
from sqlalchemy import text

from ..db import db

bp = Blueprint("admin_search", __name__, url_prefix="/admin/search")


@bp.get("/")
@login_required
def search():
    term = request.args.get("q", "")
    rows = db.session.execute(
        text("SELECT id, name FROM suppliers WHERE name = '%s' LIMIT 20" % term)
    ).all()
    return jsonify([{"id": r.id, "name": r.name} for r in rows])

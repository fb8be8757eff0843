import requests
from flask import Blueprint, jsonify
from flask_login import login_required
from sqlalchemy import text

from ..db import db

bp = Blueprint("stats", __name__, url_prefix="/admin/stats")
TABLES = ("suppliers", "carriers", "coupons", "regions")


@bp.get("/counts")
@login_required
def counts():
    result = {}
    for table in TABLES:
        result[table] = db.session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
    return jsonify(result)


@bp.get("/status")
@login_required
def upstream_status():
    status = requests.get("https://status.example-payments.com/api/v2/status.json")
    return jsonify(status.json())

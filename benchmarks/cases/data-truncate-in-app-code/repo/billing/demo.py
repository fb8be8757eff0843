import os

from flask import Blueprint, abort

from .auth import require_token
from .db import connect

bp = Blueprint("demo", __name__, url_prefix="/demo")


@bp.post("/reset")
@require_token
def reset_demo():
    if os.environ.get("BILLING_ENV") == "production":
        abort(404)
    with connect() as conn, conn.cursor() as cur:
        cur.execute("TRUNCATE payments, events")
    return "", 204

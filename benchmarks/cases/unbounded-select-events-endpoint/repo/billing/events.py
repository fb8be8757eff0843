from flask import Blueprint, jsonify

from .auth import require_token
from .db import connect

bp = Blueprint("events", __name__, url_prefix="/events")


@bp.get("/<int:account_id>")
@require_token
def account_events(account_id: int):
    with connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT id, kind, payload, created_at FROM events WHERE account_id = %s ORDER BY created_at", (account_id,))
        rows = cur.fetchall()
    return jsonify([{"id": r[0], "kind": r[1], "payload": r[2], "at": r[3].isoformat()} for r in rows])

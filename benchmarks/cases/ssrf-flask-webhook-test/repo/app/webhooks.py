import requests
from flask import Blueprint, jsonify, request
from flask_login import login_required

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")


@bp.route("/test", methods=["POST"])
@login_required
def test_webhook():
    url = request.json["url"]
    try:
        response = requests.post(url, json={"event": "ping"}, timeout=5)
    except requests.RequestException as exc:
        return jsonify({"ok": False, "error": str(exc)}), 502
    return jsonify({"ok": response.ok, "status": response.status_code})

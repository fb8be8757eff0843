import hashlib
import hmac
import json
import os

from flask import Blueprint, abort, request

from .invoices import mark_paid

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")


@bp.post("/payments")
def payment_webhook():
    secret = os.environ["PAYMENT_WEBHOOK_SECRET"].encode()
    expected = hmac.new(secret, request.get_data(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(request.headers.get("X-Signature", ""), expected):
        abort(400)
    event = json.loads(request.get_data())
    mark_paid(event["invoice_id"], event["id"], event["amount"])
    return "", 204

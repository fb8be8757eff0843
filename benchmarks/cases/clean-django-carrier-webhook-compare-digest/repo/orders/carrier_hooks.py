import hashlib
import hmac
import json

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Order


@csrf_exempt  # the carrier cannot send a CSRF token; the request is authenticated by its HMAC signature
@require_POST
def carrier_webhook(request):
    digest = hmac.new(settings.CARRIER_WEBHOOK_SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(digest, request.headers.get("X-Carrier-Signature", "")):
        return HttpResponseForbidden()
    event = json.loads(request.body)
    updated = Order.objects.filter(pk=event["order_id"]).update(
        tracking_number=event["tracking_number"], status=Order.Status.SHIPPED
    )
    return HttpResponse(status=204 if updated else 404)

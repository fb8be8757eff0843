import json

from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_POST

from .models import Order


@require_POST
def carrier_callback(request):
    event = json.loads(request.body)
    order = Order.objects.filter(tracking_number=event["tracking_number"]).first()
    if order is None:
        return HttpResponse(status=404)
    order.status = Order.Status.SHIPPED
    order.save(update_fields=["status"])
    return JsonResponse({"id": order.pk})

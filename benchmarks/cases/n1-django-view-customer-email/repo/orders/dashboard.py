from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render
from django.utils import timezone

from .models import Order


@staff_member_required
def todays_orders(request):
    start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    rows = []
    for order in Order.objects.filter(created_at__gte=start).order_by("-created_at")[:200]:
        rows.append({"id": order.pk, "email": order.customer.email, "total": order.total})
    return render(request, "orders/dashboard.html", {"rows": rows})

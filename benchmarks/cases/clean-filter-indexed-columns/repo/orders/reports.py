from datetime import timedelta

from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Sum
from django.http import JsonResponse
from django.utils import timezone

from .models import Order


@staff_member_required
def weekly_revenue(request):
    since = timezone.now() - timedelta(days=7)
    total = (
        Order.objects.filter(status=Order.Status.PAID, created_at__gte=since)
        .aggregate(total=Sum("total"))["total"]
    )
    return JsonResponse({"since": since.isoformat(), "total": str(total or 0)})

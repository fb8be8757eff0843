from datetime import date, datetime, time, timedelta

from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Count, Sum
from django.http import JsonResponse
from django.utils import timezone

from .models import Order


@staff_member_required
def daily_sales(request):
    """Orders and revenue of one day (default today), for the ops dashboard."""
    try:
        day = date.fromisoformat(request.GET.get("day", "")) if request.GET.get("day") else timezone.localdate()
    except ValueError:
        return JsonResponse({"detail": "day must be YYYY-MM-DD"}, status=400)
    start = timezone.make_aware(datetime.combine(day, time.min))
    totals = Order.objects.filter(created_at__gte=start, created_at__lt=start + timedelta(days=1)).aggregate(
        orders=Count("id"), revenue=Sum("total")
    )
    return JsonResponse({"day": day.isoformat(), "orders": totals["orders"], "revenue": str(totals["revenue"] or 0)})

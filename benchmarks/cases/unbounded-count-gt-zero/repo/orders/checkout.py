from django.contrib.auth.decorators import login_required
from django.http import JsonResponse

from .models import Order


@login_required
def can_checkout(request):
    has_unpaid = Order.objects.filter(customer__user=request.user, status=Order.Status.PENDING).count() > 0
    return JsonResponse({"allowed": not has_unpaid})

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from .models import Order


@login_required
def order_list(request):
    orders = (
        Order.objects.filter(customer__user=request.user)
        .select_related("customer")
        .order_by("-created_at")[:50]
    )
    return render(request, "orders/list.html", {"orders": orders})


@login_required
def order_detail(request, order_id):
    order = get_object_or_404(
        Order.objects.select_related("customer"), pk=order_id, customer__user=request.user
    )
    items = order.items.select_related("product")
    return render(request, "orders/detail.html", {"order": order, "items": items})


@login_required
def order_status(request, order_id):
    order = get_object_or_404(Order, pk=order_id, customer__user=request.user)
    return JsonResponse({"id": order.pk, "status": order.status})

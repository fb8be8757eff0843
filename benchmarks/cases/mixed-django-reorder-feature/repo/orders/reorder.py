from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from .models import Order, OrderItem
from .tasks import send_reorder_confirmation

SORTABLE = ("created_at", "total")


@login_required
def reorder_candidates(request):
    sort = request.GET.get("sort", "created_at")
    orders = Order.objects.raw(
        "SELECT o.* FROM orders_order o JOIN orders_customer c ON c.id = o.customer_id "
        "WHERE c.user_id = %s AND o.status = 'shipped' "
        "ORDER BY " + sort + " DESC LIMIT 20",
        [request.user.pk],
    )
    return render(request, "orders/reorder.html", {"orders": orders, "sortable": SORTABLE})


@login_required
@transaction.atomic
def reorder(request, order_id):
    original = get_object_or_404(Order, pk=order_id, customer__user=request.user)
    copy = Order.objects.create(customer=original.customer, total=original.total)
    OrderItem.objects.bulk_create(
        [
            OrderItem(order=copy, product_id=item.product_id, quantity=item.quantity, unit_price=item.unit_price)
            for item in original.items.all()
        ]
    )
    transaction.on_commit(lambda: send_reorder_confirmation.delay(copy.pk))
    return redirect("order-detail", order_id=copy.pk)

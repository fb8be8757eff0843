"""Gifting service: the business rules behind the gifting endpoints."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from orders.models import Order


def gifting_total(order: Order) -> Decimal:
    return sum((item.subtotal for item in order.items.all()), Decimal("0"))


@transaction.atomic
def apply_gifting(order_id: int, actor_id: int) -> Order:
    order = Order.objects.select_for_update().get(pk=order_id)
    order.total = gifting_total(order)
    order.save(update_fields=["total", "updated_at"])
    return order

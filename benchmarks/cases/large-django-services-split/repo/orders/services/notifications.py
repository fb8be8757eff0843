"""Customer notifications sent after service actions."""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils.safestring import mark_safe

from orders.models import Order


def order_banner(order: Order, note: str) -> str:
    return mark_safe(f"<div class='banner'>Order #{order.pk}: {note}</div>")


def notify_customers(order_ids: list[int], subject: str) -> int:
    sent = 0
    for order_id in order_ids:
        order = Order.objects.select_related("customer").get(pk=order_id)
        send_mail(subject, f"Update on order #{order.pk}", "shop@example.com", [order.customer.email])
        sent += 1
    return sent

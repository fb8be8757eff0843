from celery import shared_task
from django.core.mail import send_mail

from .models import Order


@shared_task
def send_order_confirmation(order_id: int) -> None:
    order = Order.objects.select_related("customer").get(pk=order_id)
    send_mail(
        subject=f"Order #{order.pk} confirmed",
        message=f"Thanks {order.customer.name}, we received your order.",
        from_email="shop@example.com",
        recipient_list=[order.customer.email],
    )


@shared_task
def weekly_digest() -> int:
    sent = 0
    shipped = Order.objects.filter(status=Order.Status.SHIPPED).select_related("customer").order_by("-created_at")[:500]
    for order in shipped:
        send_mail(
            subject=f"How was order #{order.pk}?",
            message="Tell us about your delivery.",
            from_email="shop@example.com",
            recipient_list=[order.customer.email],
        )
        sent += 1
    return sent

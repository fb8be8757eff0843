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

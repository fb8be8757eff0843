import requests
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


CRM_WEBHOOK = "https://crm.example.com/hooks/orders"


@shared_task(autoretry_for=(requests.RequestException,), retry_backoff=True, max_retries=5)
def push_order_to_crm(order_id: int) -> None:
    order = Order.objects.select_related("customer").get(pk=order_id)
    response = requests.post(
        CRM_WEBHOOK,
        json={"order": order.pk, "email": order.customer.email, "total": str(order.total)},
    )
    response.raise_for_status()

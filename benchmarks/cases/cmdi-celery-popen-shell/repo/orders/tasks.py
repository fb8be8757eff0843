import subprocess

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
def render_invoice_pdf(order_id: int, html_path: str) -> str:
    pdf_path = html_path.rsplit(".", 1)[0] + ".pdf"
    cmd = "wkhtmltopdf --quiet %s %s" % (html_path, pdf_path)
    proc = subprocess.Popen(cmd, shell=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, err = proc.communicate(timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"wkhtmltopdf failed for order {order_id}: {err.decode()[:200]}")
    return pdf_path

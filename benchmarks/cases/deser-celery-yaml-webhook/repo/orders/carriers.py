import yaml
from celery import shared_task

from .models import Order


@shared_task
def process_carrier_update(raw_payload: str) -> None:
    """Carriers post tracking updates as YAML documents; the view queues them unchanged."""
    update = yaml.load(raw_payload, Loader=yaml.FullLoader)
    Order.objects.filter(pk=update["order_id"]).update(
        tracking_number=update["tracking_number"], status=Order.Status.SHIPPED
    )

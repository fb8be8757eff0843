import csv
import sys

from django.core.management.base import BaseCommand

from orders.models import OrderItem


class Command(BaseCommand):
    help = "Export order lines for the warehouse."

    def handle(self, *args, **options):
        writer = csv.writer(sys.stdout)
        for item in OrderItem.objects.filter(order__status="paid"):
            writer.writerow([item.order_id, item.product.sku, item.quantity, item.order.customer.email])

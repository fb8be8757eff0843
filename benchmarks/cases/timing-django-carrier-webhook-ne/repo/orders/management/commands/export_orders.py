import csv
import sys

from django.core.management.base import BaseCommand

from orders.models import Order


class Command(BaseCommand):
    help = "Export paid orders as CSV to stdout."

    def add_arguments(self, parser):
        parser.add_argument("--since", required=True, help="ISO date")

    def handle(self, *args, **options):
        writer = csv.writer(sys.stdout)
        writer.writerow(["id", "email", "total", "created_at"])
        orders = (
            Order.objects.filter(status=Order.Status.PAID, created_at__gte=options["since"])
            .select_related("customer")
            .iterator(chunk_size=2000)
        )
        for order in orders:
            writer.writerow([order.pk, order.customer.email, order.total, order.created_at.isoformat()])

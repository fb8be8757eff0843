import csv

from django.core.management.base import BaseCommand

from orders.models import Product

BATCH = 1000


class Command(BaseCommand):
    help = "Import products from a supplier CSV."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, **options):
        with open(options["path"], newline="", encoding="utf-8") as handle:
            products = [Product(sku=row["sku"], name=row["name"], price=row["price"]) for row in csv.DictReader(handle)]
        Product.objects.bulk_create(products, batch_size=BATCH, ignore_conflicts=True)
        self.stdout.write(f"imported {len(products)} products")

import csv

from django.core.management.base import BaseCommand

from orders.models import Product


class Command(BaseCommand):
    help = "Import products from a supplier CSV."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, **options):
        count = 0
        with open(options["path"], newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                Product(sku=row["sku"], name=row["name"], price=row["price"]).save()
                count += 1
        self.stdout.write(f"imported {count} products")

import yaml
from django.core.management.base import BaseCommand
from django.db import transaction

from orders.models import Product


class Command(BaseCommand):
    help = "Load or update products from a YAML catalogue exported by the ERP."

    def add_arguments(self, parser):
        parser.add_argument("path")

    @transaction.atomic
    def handle(self, *args, **options):
        with open(options["path"], encoding="utf-8") as handle:
            catalogue = yaml.safe_load(handle)
        products = [
            Product(sku=entry["sku"], name=entry["name"], price=entry["price"])
            for entry in catalogue["products"]
        ]
        Product.objects.bulk_create(products, update_conflicts=True, unique_fields=["sku"], update_fields=["name", "price"])
        self.stdout.write(f"loaded {len(products)} products")

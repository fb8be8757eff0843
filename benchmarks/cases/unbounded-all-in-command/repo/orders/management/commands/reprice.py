from decimal import Decimal

from django.core.management.base import BaseCommand

from orders.models import Product


class Command(BaseCommand):
    help = "Apply a price increase to every active product."

    def add_arguments(self, parser):
        parser.add_argument("percent", type=Decimal)

    def handle(self, *args, **options):
        factor = 1 + options["percent"] / 100
        changed = []
        for product in Product.objects.all():
            if product.active:
                product.price = (product.price * factor).quantize(Decimal("0.01"))
                changed.append(product)
        Product.objects.bulk_update(changed, ["price"], batch_size=1000)

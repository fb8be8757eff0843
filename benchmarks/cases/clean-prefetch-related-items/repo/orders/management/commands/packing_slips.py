from django.core.management.base import BaseCommand

from orders.models import Order


class Command(BaseCommand):
    help = "Print packing slips for paid orders."

    def handle(self, *args, **options):
        orders = (
            Order.objects.filter(status=Order.Status.PAID)
            .select_related("customer")
            .prefetch_related("items__product")
            .order_by("created_at")[:500]
        )
        for order in orders:
            self.stdout.write(f"Order #{order.pk} for {order.customer.name}")
            for item in order.items.all():
                self.stdout.write(f"  {item.quantity} x {item.product.sku} {item.product.name}")

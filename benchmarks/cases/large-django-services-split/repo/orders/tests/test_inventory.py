import pytest

from orders.services.inventory import inventory_total


@pytest.mark.django_db
def test_inventory_total_of_empty_order(order_factory):
    assert inventory_total(order_factory()) == 0

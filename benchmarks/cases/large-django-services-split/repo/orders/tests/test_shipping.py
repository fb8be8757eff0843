import pytest

from orders.services.shipping import shipping_total


@pytest.mark.django_db
def test_shipping_total_of_empty_order(order_factory):
    assert shipping_total(order_factory()) == 0

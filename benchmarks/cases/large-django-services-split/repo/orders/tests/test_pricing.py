import pytest

from orders.services.pricing import pricing_total


@pytest.mark.django_db
def test_pricing_total_of_empty_order(order_factory):
    assert pricing_total(order_factory()) == 0

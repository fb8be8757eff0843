import pytest

from orders.services.loyalty import loyalty_total


@pytest.mark.django_db
def test_loyalty_total_of_empty_order(order_factory):
    assert loyalty_total(order_factory()) == 0

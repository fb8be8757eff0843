import pytest

from orders.services.discounts import discounts_total


@pytest.mark.django_db
def test_discounts_total_of_empty_order(order_factory):
    assert discounts_total(order_factory()) == 0

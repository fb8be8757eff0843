import pytest

from orders.services.refunds import refunds_total


@pytest.mark.django_db
def test_refunds_total_of_empty_order(order_factory):
    assert refunds_total(order_factory()) == 0

import pytest

from orders.services.returns import returns_total


@pytest.mark.django_db
def test_returns_total_of_empty_order(order_factory):
    assert returns_total(order_factory()) == 0

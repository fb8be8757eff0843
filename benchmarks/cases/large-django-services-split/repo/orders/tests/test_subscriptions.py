import pytest

from orders.services.subscriptions import subscriptions_total


@pytest.mark.django_db
def test_subscriptions_total_of_empty_order(order_factory):
    assert subscriptions_total(order_factory()) == 0

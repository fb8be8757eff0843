import pytest

from orders.services.fulfilment import fulfilment_total


@pytest.mark.django_db
def test_fulfilment_total_of_empty_order(order_factory):
    assert fulfilment_total(order_factory()) == 0

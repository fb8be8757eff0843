import pytest

from orders.services.gifting import gifting_total


@pytest.mark.django_db
def test_gifting_total_of_empty_order(order_factory):
    assert gifting_total(order_factory()) == 0

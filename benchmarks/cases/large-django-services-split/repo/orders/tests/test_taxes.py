import pytest

from orders.services.taxes import taxes_total


@pytest.mark.django_db
def test_taxes_total_of_empty_order(order_factory):
    assert taxes_total(order_factory()) == 0

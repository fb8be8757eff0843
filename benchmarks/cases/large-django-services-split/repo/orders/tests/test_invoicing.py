import pytest

from orders.services.invoicing import invoicing_total


@pytest.mark.django_db
def test_invoicing_total_of_empty_order(order_factory):
    assert invoicing_total(order_factory()) == 0

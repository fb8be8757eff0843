import pytest

from orders.services.vouchers import vouchers_total


@pytest.mark.django_db
def test_vouchers_total_of_empty_order(order_factory):
    assert vouchers_total(order_factory()) == 0

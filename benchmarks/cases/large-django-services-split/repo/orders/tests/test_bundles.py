import pytest

from orders.services.bundles import bundles_total


@pytest.mark.django_db
def test_bundles_total_of_empty_order(order_factory):
    assert bundles_total(order_factory()) == 0

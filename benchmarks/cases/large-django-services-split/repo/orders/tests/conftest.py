import pytest

from orders.models import Customer, Order


@pytest.fixture
def order_factory(django_user_model):
    def make(**fields):
        user = django_user_model.objects.create_user(username=f"u{Order.objects.count()}", password="pw")
        customer = Customer.objects.create(user=user, email=f"{user.username}@example.com", name=user.username)
        return Order.objects.create(customer=customer, **fields)

    return make

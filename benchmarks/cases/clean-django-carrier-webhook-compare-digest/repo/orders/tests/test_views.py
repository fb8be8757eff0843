import pytest
from django.urls import reverse

from orders.models import Customer, Order


@pytest.mark.django_db
def test_order_list_shows_only_own_orders(client, django_user_model):
    user = django_user_model.objects.create_user(username="ann", password="pw")
    customer = Customer.objects.create(user=user, email="ann@example.com", name="Ann")
    Order.objects.create(customer=customer)
    client.force_login(user)
    response = client.get(reverse("order-list"))
    assert response.status_code == 200
    assert len(response.context["orders"]) == 1

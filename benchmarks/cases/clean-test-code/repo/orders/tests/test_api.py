from decimal import Decimal
from unittest import mock

import pytest
from rest_framework.test import APIClient

from orders.models import Customer, Order, Product

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def api_client(django_user_model):
    user = django_user_model.objects.create_user(username="bob", password=PASSWORD)
    Customer.objects.create(user=user, email="bob@example.com", name="Bob")
    client = APIClient()
    client.login(username="bob", password=PASSWORD)
    return client


@pytest.mark.django_db
def test_products_are_listed(api_client):
    Product.objects.create(sku="A-1", name="Anvil", price=Decimal("10.00"))
    response = api_client.get("/api/products/")
    assert response.status_code == 200
    assert response.json()["results"][0]["sku"] == "A-1"


@pytest.mark.django_db
def test_orders_are_private(api_client, django_user_model):
    other = django_user_model.objects.create_user(username="eve", password="hunter2")
    customer = Customer.objects.create(user=other, email="eve@example.com", name="Eve")
    Order.objects.create(customer=customer)
    response = api_client.get("/api/orders/")
    assert response.json()["count"] == 0


@pytest.mark.django_db
def test_capture_is_called_with_amount(api_client):
    with mock.patch("orders.payments.requests.post") as post:
        post.return_value.status_code = 201
        post.return_value.json.return_value = {"id": "cap_1"}
        from orders.payments import capture

        assert capture(1, 1000, "tok_visa") == "cap_1"
    assert post.call_args.kwargs["json"]["amount"] == 1000

import requests
from django.conf import settings


class PaymentError(Exception):
    pass


def capture(order_id: int, amount_cents: int, token: str) -> str:
    response = requests.post(
        f"{settings.PAYMENT_API_URL}/captures",
        json={"reference": f"order-{order_id}", "amount": amount_cents, "source": token},
        timeout=10,
    )
    if response.status_code != 201:
        raise PaymentError(f"capture failed: {response.status_code}")
    return response.json()["id"]

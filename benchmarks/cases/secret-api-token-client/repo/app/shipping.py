import httpx

CARRIER_URL = "https://api.carrier.example.com/v3"
CARRIER_API_TOKEN = "c4rr13r_9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddcc"


def create_label(item_sku: str, address: dict) -> bytes:
    response = httpx.post(
        f"{CARRIER_URL}/labels",
        json={"reference": item_sku, "to": address},
        headers={"Authorization": f"Bearer {CARRIER_API_TOKEN}"},
        timeout=10.0,
    )
    response.raise_for_status()
    return response.content

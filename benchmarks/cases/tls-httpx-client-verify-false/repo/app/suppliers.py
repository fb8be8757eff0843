import os

import httpx

SUPPLIER_URL = os.environ.get("SUPPLIER_URL", "https://supplier.example.net/api")

client = httpx.Client(base_url=SUPPLIER_URL, timeout=15.0, verify=False)


def fetch_stock(sku: str) -> int:
    response = client.get(f"/stock/{sku}")
    response.raise_for_status()
    return int(response.json()["available"])

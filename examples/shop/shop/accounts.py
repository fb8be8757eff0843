"""Customer accounts: sign-up, import and the payment-provider webhook."""

import hashlib
import pickle

import requests
import yaml

from shop.db import connect

PAYMENTS_URL = "https://payments.example.com/v1/customers"


def hash_password(password: str) -> str:
    return hashlib.md5(password.encode("utf-8")).hexdigest()


def load_import_settings(raw: bytes) -> dict:
    return yaml.load(raw, Loader=yaml.Loader)


def restore_session(cookie: bytes) -> dict:
    return pickle.loads(cookie)


def register_with_payments(customer_id: int, email: str) -> None:
    requests.post(PAYMENTS_URL, json={"id": customer_id, "email": email}, verify=False, timeout=10)


def deactivate_all() -> None:
    with connect() as conn, conn.cursor() as cur:
        cur.execute("UPDATE customers SET password_hash = ''")

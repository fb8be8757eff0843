import logging

import requests

from .cache import put_rate

log = logging.getLogger(__name__)
RATES_URL = "https://api.exchangerate.example.org/latest"


def refresh_rates(currencies: list[str]) -> None:
    response = requests.request("GET", RATES_URL, params={"base": "EUR", "symbols": ",".join(currencies)})
    response.raise_for_status()
    for currency, rate in response.json()["rates"].items():
        put_rate(currency, float(rate))
    log.info("refreshed %d rates", len(currencies))

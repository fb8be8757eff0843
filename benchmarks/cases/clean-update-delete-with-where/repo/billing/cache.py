import json
import sqlite3
import time

_DB = "/var/cache/billing/rates.sqlite3"


def _conn() -> sqlite3.Connection:
    conn = sqlite3.connect(_DB)
    conn.execute("CREATE TABLE IF NOT EXISTS rates (currency TEXT PRIMARY KEY, rate REAL, fetched REAL)")
    return conn


def get_rate(currency: str, max_age: float = 3600.0) -> float | None:
    with _conn() as conn:
        row = conn.execute("SELECT rate, fetched FROM rates WHERE currency = ?", (currency,)).fetchone()
    if row is None or time.time() - row[1] > max_age:
        return None
    return row[0]


def put_rate(currency: str, rate: float) -> None:
    with _conn() as conn:
        conn.execute("INSERT OR REPLACE INTO rates VALUES (?, ?, ?)", (currency, rate, time.time()))

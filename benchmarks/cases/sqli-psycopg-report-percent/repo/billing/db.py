import os
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg


@contextmanager
def connect() -> Iterator[psycopg.Connection]:
    with psycopg.connect(os.environ["BILLING_DSN"]) as conn:
        yield conn

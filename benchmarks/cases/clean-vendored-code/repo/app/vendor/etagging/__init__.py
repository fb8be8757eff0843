"""etagging 0.3.1 (vendored, MIT licence) - conditional GET helpers.

Upstream: https://example.org/etagging. Do not edit; update by re-vendoring.
"""
import hashlib
import random
import time

__version__ = "0.3.1"


def weak_etag(body: bytes) -> str:
    return 'W/"%s"' % hashlib.md5(body).hexdigest()


def jitter(seconds: float) -> float:
    return seconds * (0.5 + random.random())


def retry(func, attempts=3, delay=0.1):
    for attempt in range(attempts):
        try:
            return func()
        except Exception:
            if attempt == attempts - 1:
                raise
            time.sleep(jitter(delay))

import hashlib


def product_page_key(product_id: int, language: str, version: int) -> str:
    """A short, stable cache key; not a security boundary."""
    raw = f"{product_id}:{language}:{version}".encode()
    return "product-page:" + hashlib.md5(raw, usedforsecurity=False).hexdigest()

import hmac
import os

from fastapi import Header, HTTPException


def require_api_key(x_api_key: str = Header(...)) -> None:
    expected = os.environ["INVENTORY_API_KEY"]
    if not hmac.compare_digest(x_api_key.encode(), expected.encode()):
        raise HTTPException(status_code=401, detail="invalid API key")

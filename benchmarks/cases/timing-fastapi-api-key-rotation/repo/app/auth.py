import os

from fastapi import Header, HTTPException


def _accepted_keys() -> list[str]:
    """The current key and, during a rotation window, the previous one."""
    keys = [os.environ["INVENTORY_API_KEY"], os.environ.get("INVENTORY_API_KEY_PREVIOUS", "")]
    return [key for key in keys if key]


def require_api_key(x_api_key: str = Header(...)) -> None:
    if not any(x_api_key == key for key in _accepted_keys()):
        raise HTTPException(status_code=401, detail="invalid API key")

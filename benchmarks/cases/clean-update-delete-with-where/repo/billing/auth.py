import functools
import hmac
import os

from flask import abort, request


def require_token(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if not hmac.compare_digest(token, os.environ["BILLING_API_TOKEN"]):
            abort(401)
        return view(*args, **kwargs)

    return wrapper

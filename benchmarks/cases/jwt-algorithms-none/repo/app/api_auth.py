import functools

import jwt
from flask import abort, current_app, g, request


def jwt_required(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            g.claims = jwt.decode(token, current_app.config["SECRET_KEY"], algorithms=["HS256", "none"])
        except jwt.InvalidTokenError:
            abort(401)
        return view(*args, **kwargs)

    return wrapper

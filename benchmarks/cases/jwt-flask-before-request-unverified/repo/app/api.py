import jwt
from flask import Blueprint, abort, g, jsonify, request

from .db import db
from .models import Post

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.before_request
def load_token_user():
    """The mobile app sends the token our SSO issued; its `sub` is the user id."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        abort(401)
    try:
        claims = jwt.decode(header.removeprefix("Bearer "), options={"verify_signature": False})
    except jwt.DecodeError:
        abort(401)
    g.user_id = int(claims["sub"])


@bp.get("/me/posts")
def my_posts():
    stmt = db.select(Post).where(Post.author_id == g.user_id).order_by(Post.id.desc()).limit(50)
    posts = db.session.scalars(stmt)
    return jsonify([{"id": p.id, "slug": p.slug, "title": p.title, "status": p.status} for p in posts])

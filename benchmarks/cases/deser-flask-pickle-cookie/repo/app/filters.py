import base64
import pickle

from flask import Blueprint, make_response, render_template, request

from .models import Post

bp = Blueprint("filters", __name__)

DEFAULT_FILTERS = {"tag": None, "per_page": 20}


def load_filters() -> dict:
    raw = request.cookies.get("filters")
    if not raw:
        return dict(DEFAULT_FILTERS)
    return pickle.loads(base64.urlsafe_b64decode(raw))


@bp.route("/browse")
def browse():
    filters = load_filters()
    posts = Post.query.filter(Post.published_at.isnot(None)).order_by(Post.published_at.desc()).limit(filters["per_page"])
    response = make_response(render_template("index.html", posts=posts))
    response.set_cookie("filters", base64.urlsafe_b64encode(pickle.dumps(filters)).decode(), httponly=True, secure=True)
    return response

from flask import Blueprint, render_template, request
from markupsafe import Markup

from .models import Post

bp = Blueprint("search", __name__)


@bp.route("/search")
def search():
    q = request.args.get("q", "")
    posts = Post.query.filter(Post.title.ilike(f"%{q}%")).limit(20).all()
    heading = Markup(f"Results for <mark>{q}</mark>")
    return render_template("search.html", heading=heading, posts=posts)

import requests
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .db import db
from .models import Post
from .text import slugify, strip_tags

bp = Blueprint("importer", __name__, url_prefix="/import")


@bp.route("/", methods=["GET", "POST"])
@login_required
def import_post():
    if request.method == "GET":
        return render_template("import.html")
    source = request.form["url"]
    response = requests.get(source, timeout=10, verify=False)
    if response.status_code != 200:
        flash("Could not fetch that page")
        return redirect(url_for("importer.import_post"))
    title = request.form.get("title") or source.rsplit("/", 1)[-1]
    post = Post(author_id=current_user.id, title=title, slug=slugify(title), body=strip_tags(response.text))
    db.session.add(post)
    db.session.commit()
    return redirect(url_for("blog.show_post", slug=post.slug))

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .db import db
from .models import Comment, Post

bp = Blueprint("blog", __name__)


@bp.route("/")
def index():
    page = request.args.get("page", 1, type=int)
    posts = (
        Post.query.filter(Post.published_at.isnot(None))
        .order_by(Post.published_at.desc())
        .paginate(page=page, per_page=20)
    )
    return render_template("index.html", posts=posts)


@bp.route("/posts/<slug>")
def show_post(slug):
    post = Post.query.filter_by(slug=slug).first_or_404()
    return render_template("post.html", post=post)


@bp.route("/posts/<slug>/comments", methods=["POST"])
@login_required
def add_comment(slug):
    post = Post.query.filter_by(slug=slug).first_or_404()
    comment = Comment(post=post, author=current_user, body=request.form["body"])
    db.session.add(comment)
    db.session.commit()
    return redirect(url_for("blog.show_post", slug=slug))


@bp.route("/admin/posts/<int:post_id>/delete", methods=["POST"])
@login_required
def delete_post(post_id):
    post = db.get_or_404(Post, post_id)
    if post.author_id != current_user.id and not current_user.is_admin:
        abort(403)
    db.session.delete(post)
    db.session.commit()
    return redirect(url_for("blog.index"))

from defusedxml import DefusedXmlException, ElementTree
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from .db import db
from .models import Post

bp = Blueprint("importer", __name__, url_prefix="/admin/import")

_WP = "{http://wordpress.org/export/1.2/}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


@bp.route("/wordpress", methods=["POST"])
@login_required
def import_wordpress():
    """Import the posts of a WordPress export (WXR) file as drafts of the current user."""
    if not current_user.is_admin:
        abort(403)
    upload = request.files.get("export")
    if upload is None:
        abort(400)
    try:
        tree = ElementTree.parse(upload.stream)
    except (ElementTree.ParseError, DefusedXmlException):
        abort(400)
    imported = 0
    for item in tree.getroot().iter("item"):
        if item.findtext(f"{_WP}post_type") != "post":
            continue
        slug = item.findtext(f"{_WP}post_name") or ""
        post = Post(
            author_id=current_user.id,
            title=item.findtext("title") or slug,
            slug=slug,
            body=item.findtext(_CONTENT) or "",
            status="draft",
        )
        db.session.add(post)
        imported += 1
    db.session.commit()
    flash(f"Imported {imported} posts as drafts.")
    return redirect(url_for("blog.index"))

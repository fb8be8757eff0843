import yaml
from flask import Blueprint, abort, jsonify, request
from flask_login import current_user, login_required

from .db import db
from .models import Post

bp = Blueprint("importer", __name__, url_prefix="/admin/import")


@bp.route("/posts", methods=["POST"])
@login_required
def import_posts():
    if not current_user.is_admin:
        abort(403)
    documents = yaml.load(request.files["file"].read(), Loader=yaml.Loader)
    created = 0
    for doc in documents:
        db.session.add(Post(author_id=current_user.id, title=doc["title"], slug=doc["slug"], body=doc["body"]))
        created += 1
    db.session.commit()
    return jsonify({"created": created})

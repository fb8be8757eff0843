import os

from flask import Blueprint, abort, current_app, request, send_file
from flask_login import login_required
from werkzeug.utils import secure_filename

bp = Blueprint("downloads", __name__)


@bp.route("/attachments")
@login_required
def attachment():
    folder = os.path.realpath(current_app.config["UPLOAD_FOLDER"])
    name = secure_filename(request.args.get("name", ""))
    if not name:
        abort(400)
    path = os.path.realpath(os.path.join(folder, name))
    if os.path.commonpath([folder, path]) != folder or not os.path.isfile(path):
        abort(404)
    return send_file(path, as_attachment=True)

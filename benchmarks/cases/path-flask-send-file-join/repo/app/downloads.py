import os

from flask import Blueprint, current_app, request, send_file
from flask_login import login_required

bp = Blueprint("downloads", __name__)


@bp.route("/attachments")
@login_required
def attachment():
    name = request.args["name"]
    path = os.path.join(current_app.config["UPLOAD_FOLDER"], name)
    return send_file(path, as_attachment=True)

import os
import subprocess

from flask import Blueprint, current_app, jsonify, request
from flask_login import login_required

bp = Blueprint("media", __name__, url_prefix="/media")


@bp.route("/thumbnail", methods=["POST"])
@login_required
def make_thumbnail():
    name = request.form["filename"]
    size = request.form.get("size", "200x200")
    folder = current_app.config["UPLOAD_FOLDER"]
    source = os.path.join(folder, name)
    target = os.path.join(folder, "thumbs", name)
    subprocess.run(f"convert {source} -resize {size} {target}", shell=True, check=True)
    return jsonify({"thumbnail": f"/uploads/thumbs/{name}"})

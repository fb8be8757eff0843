from flask import Blueprint, request
from flask_login import current_user, login_required
from jinja2 import Template

bp = Blueprint("newsletter", __name__, url_prefix="/newsletter")


@bp.route("/preview", methods=["POST"])
@login_required
def preview():
    template = Template(request.form["template"])
    return template.render(user=current_user, unsubscribe_url="https://blog.example.com/unsubscribe")

from flask import Blueprint, render_template_string, request

bp = Blueprint("errors", __name__)


@bp.app_errorhandler(404)
def not_found(error):
    page = f"""
    {{% extends "base.html" %}}
    {{% block content %}}<h1>Not found</h1><p>No page at {request.path}</p>{{% endblock %}}
    """
    return render_template_string(page), 404

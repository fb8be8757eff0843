from flask import Blueprint, jsonify, request

bp = Blueprint("calc", __name__)


@bp.route("/calc")
def calc():
    expression = request.args.get("expr", "0")
    return jsonify({"result": eval(expression)})

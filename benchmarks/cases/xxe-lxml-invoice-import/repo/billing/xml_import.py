from decimal import Decimal

from flask import Blueprint, jsonify, request
from lxml import etree

from .auth import require_token

bp = Blueprint("xml_import", __name__, url_prefix="/import")


@bp.post("/invoices")
@require_token
def import_invoices():
    parser = etree.XMLParser(resolve_entities=True)
    root = etree.fromstring(request.get_data(), parser)
    totals = [Decimal(node.findtext("amount")) for node in root.iter("invoice")]
    return jsonify({"count": len(totals), "total": str(sum(totals))})

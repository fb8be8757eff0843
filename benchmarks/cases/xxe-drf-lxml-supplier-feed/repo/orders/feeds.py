from decimal import Decimal

from django.db import transaction
from lxml import etree
from rest_framework import permissions, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Product


class SupplierFeedUpload(APIView):
    """Staff upload the supplier's XML price list; prices of SKUs we sell are updated."""

    permission_classes = [permissions.IsAdminUser]
    parser_classes = [MultiPartParser]

    def post(self, request):
        feed = request.FILES.get("feed")
        if feed is None:
            return Response({"detail": "feed file required"}, status=status.HTTP_400_BAD_REQUEST)
        parser = etree.XMLParser(resolve_entities=True, remove_blank_text=True)
        root = etree.parse(feed, parser).getroot()
        prices = {node.get("sku"): Decimal(node.findtext("price")) for node in root.iter("product")}
        products = list(Product.objects.filter(sku__in=prices))
        for product in products:
            product.price = prices[product.sku]
        with transaction.atomic():
            Product.objects.bulk_update(products, ["price"], batch_size=500)
        return Response({"updated": len(products)})

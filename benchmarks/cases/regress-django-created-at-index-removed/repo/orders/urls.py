from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import api, reports, views

router = DefaultRouter()
router.register("products", api.ProductViewSet, basename="product")
router.register("orders", api.OrderViewSet, basename="order")

urlpatterns = [
    path("orders/", views.order_list, name="order-list"),
    path("orders/<int:order_id>/", views.order_detail, name="order-detail"),
    path("orders/<int:order_id>/status/", views.order_status, name="order-status"),
    path("reports/daily-sales/", reports.daily_sales, name="daily-sales"),
    path("api/", include(router.urls)),
]

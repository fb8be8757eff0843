from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse


@login_required
def search_orders(request):
    term = request.GET.get("q", "")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT o.id, o.status, o.total FROM orders_order o "
            f"JOIN orders_customer c ON c.id = o.customer_id "
            f"WHERE c.user_id = {request.user.id} AND o.tracking_number = '{term}'"
        )
        rows = cursor.fetchall()
    return JsonResponse({"results": [{"id": r[0], "status": r[1], "total": str(r[2])} for r in rows]})

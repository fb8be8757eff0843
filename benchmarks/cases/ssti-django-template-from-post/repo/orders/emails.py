from django.contrib.admin.views.decorators import staff_member_required
from django.core.mail import send_mail
from django.http import JsonResponse
from django.template import Context, Template

from .models import Order


@staff_member_required
def email_customer(request, order_id):
    order = Order.objects.select_related("customer").get(pk=order_id)
    body = Template(request.POST["body"]).render(Context({"order": order}))
    send_mail(request.POST["subject"], body, "shop@example.com", [order.customer.email])
    return JsonResponse({"sent": True})

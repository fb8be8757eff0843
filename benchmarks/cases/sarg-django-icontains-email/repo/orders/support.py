from django.contrib.admin.views.decorators import staff_member_required
from django.http import JsonResponse

from .models import Customer


@staff_member_required
def find_customer(request):
    email = request.GET.get("email", "")
    matches = Customer.objects.filter(email__icontains=email).values("id", "name", "email")[:20]
    return JsonResponse({"results": list(matches)})

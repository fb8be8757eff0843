from django.http import HttpResponse

from .models import Customer


def unsubscribe(request):
    email = request.GET.get("email", "")
    Customer.objects.filter(email=email).update(phone="")
    return HttpResponse(f"<h1>Unsubscribed</h1><p>{email} will no longer receive our emails.</p>")

import hashlib
import time

from django.core.mail import send_mail
from django.urls import reverse

from .models import Customer


def send_reset_link(customer: Customer) -> str:
    seed = f"{customer.email}{time.time()}"
    token = hashlib.new("md5", seed.encode()).hexdigest()
    link = reverse("password-reset-confirm", kwargs={"token": token})
    send_mail("Reset your password", f"Follow {link} to reset your password.", "shop@example.com", [customer.email])
    return token

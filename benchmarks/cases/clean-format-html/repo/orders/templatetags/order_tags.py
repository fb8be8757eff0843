from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def customer_badge(order):
    colour = {"paid": "green", "shipped": "blue"}.get(order.status, "grey")
    return format_html('<span class="badge {}">{}</span>', colour, order.customer.name)

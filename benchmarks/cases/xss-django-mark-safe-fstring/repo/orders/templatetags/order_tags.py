from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def customer_badge(order):
    colour = {"paid": "green", "shipped": "blue"}.get(order.status, "grey")
    return mark_safe(f'<span class="badge {colour}">{order.customer.name}</span>')

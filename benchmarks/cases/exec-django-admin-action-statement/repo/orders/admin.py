from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from .models import Customer, Order, Product


class BulkUpdateForm(forms.Form):
    _selected_action = forms.CharField(widget=forms.MultipleHiddenInput)
    statement = forms.CharField(
        widget=forms.Textarea,
        help_text="Python run for each selected order, e.g. order.total = order.total * Decimal('0.9')",
    )


@admin.action(description="Apply a Python statement to the selected orders")
def apply_statement(modeladmin, request, queryset):
    if "apply" in request.POST:
        form = BulkUpdateForm(request.POST)
        if form.is_valid():
            code = compile(form.cleaned_data["statement"], "<admin-bulk-update>", "exec")
            for order in queryset:
                exec(code, {"order": order, "Decimal": Decimal})
                order.save()
            modeladmin.message_user(request, f"Updated {queryset.count()} orders.", messages.SUCCESS)
            return None
    else:
        form = BulkUpdateForm(initial={"_selected_action": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)})
    return TemplateResponse(request, "admin/orders/bulk_update.html", {"form": form, "orders": queryset})


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["id", "customer", "status", "total", "created_at"]
    list_filter = ["status"]
    list_select_related = ["customer"]
    actions = [apply_statement]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "created_at"]
    search_fields = ["email"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["sku", "name", "price", "active"]

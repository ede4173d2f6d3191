from django.contrib import admin

from lindung.coverage.models import BackdatingRequest, CoverageRules, FunderMonth, Invoice, Payment, ReceiptFile


@admin.register(CoverageRules)
class CoverageRulesAdmin(admin.ModelAdmin):
    list_display = ("valid_from", "due_day", "arrears_months", "restart_at_payment_month")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Money rows change only through the coverage services, which check the role and audit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ("number", "funder", "first_month", "months", "amount", "paid_amount", "status")
    list_filter = ("status",)


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("receipt_number", "funder", "paid_on", "amount")


@admin.register(FunderMonth)
class FunderMonthAdmin(ReadOnlyAdmin):
    list_display = ("funder", "month", "people", "amount_due", "paid_amount", "paid_on")


@admin.register(BackdatingRequest)
class BackdatingRequestAdmin(ReadOnlyAdmin):
    list_display = ("funder", "first_month", "last_month", "status", "requested_at")


@admin.register(ReceiptFile)
class ReceiptFileAdmin(ReadOnlyAdmin):
    list_display = ("filename", "uploaded_at", "uploaded_by")

from django.urls import path

from lindung.coverage import views

app_name = "coverage"

urlpatterns = [
    path("<int:year>/", views.year_ledger, name="year-ledger"),
    path("<int:year>/buku-besar/", views.ledger_build, name="ledger-build"),
    path("dana/<int:pk>/", views.funder_ledger, name="funder-ledger"),
    path("dana/<int:pk>/tagihan/", views.invoice_issue, name="invoice-issue"),
    path("dana/<int:pk>/koreksi/", views.backdating_request, name="backdating-request"),
    path("tagihan/<int:pk>/penetapan/", views.invoice_billing, name="invoice-billing"),
    path("tagihan/<int:pk>/bayar/", views.invoice_pay, name="invoice-pay"),
    path("tagihan/<int:pk>/rincian.<str:fmt>", views.invoice_members, name="invoice-members"),
    path("koreksi/<int:pk>/putusan/", views.backdating_decide, name="backdating-decide"),
    path("kwitansi/", views.receipts, name="receipts"),
    path("kwitansi/<int:pk>/", views.receipt_detail, name="receipts-detail"),
]

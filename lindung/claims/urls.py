from django.urls import path

from lindung.claims import views

app_name = "claims"

urlpatterns = [
    path("", views.claim_list, name="claim-list"),
    path("laporkan/", views.claim_report, name="claim-report"),
    path("angka/", views.claim_figures_view, name="claim-figures"),
    path("pengingat-beasiswa/", views.scholarship_reminders, name="scholarship-reminders"),
    path("<int:pk>/", views.claim_detail, name="claim-detail"),
    path("<int:pk>/periksa/", views.claim_check, name="claim-check"),
    path("<int:pk>/rekomendasi/", views.claim_recommend, name="claim-recommend"),
    path("<int:pk>/pengajuan/", views.claim_submit, name="claim-submit"),
    path("<int:pk>/pembayaran/", views.claim_pay, name="claim-pay"),
    path("<int:pk>/penolakan/", views.claim_refuse, name="claim-refuse"),
    path("<int:pk>/hitung-ulang/", views.claim_reassess, name="claim-reassess"),
    path("<int:pk>/ahli-waris/", views.heir_add, name="heir-add"),
    path("<int:pk>/anak/", views.child_add, name="child-add"),
    path("<int:pk>/dokumen/", views.document_upload, name="document-upload"),
    path("<int:pk>/dokumen/tandai/", views.document_mark, name="document-mark"),
    path("<int:pk>/dokumen/<int:doc_pk>/", views.document_file, name="document-file"),
]

from django.urls import path

from lindung.enrolment import views

app_name = "enrolment"

urlpatterns = [
    path("", views.membership_list, name="membership-list"),
    path("<int:year>/", views.year_overview, name="year"),
    path("<int:year>/pemeriksaan/", views.renewal_page, name="renewal"),
    path("usulan/<int:pk>/putuskan/", views.proposal_decide, name="proposal-decide"),
    path("dana/<int:pk>/", views.funder_page, name="funder"),
    path("dana/<int:pk>/wadah/", views.funder_wadah, name="funder-wadah"),
    path("dana/<int:pk>/setujui/", views.batch_approve, name="batch-approve"),
    path("kiriman/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("kiriman/<int:pk>/terkirim/", views.batch_send, name="batch-send"),
    path("kiriman/<int:pk>/batal/", views.batch_cancel, name="batch-cancel"),
    path("kiriman/<int:pk>/unduh.<str:fmt>", views.batch_export, name="batch-export"),
    path("kiriman/<int:pk>/balasan/", views.batch_reply, name="batch-reply"),
    path("balasan/<int:pk>/", views.reply_detail, name="reply-detail"),
    path("profil/", views.profile_list, name="profile-list"),
    path("profil/baru/", views.profile_edit, name="profile-create"),
    path("profil/<int:pk>/", views.profile_edit, name="profile-edit"),
]

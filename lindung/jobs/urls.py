from django.urls import path

from lindung.jobs import views

app_name = "jobs"

urlpatterns = [
    path("<int:pk>/", views.job_progress, name="job-progress"),
    path("<int:pk>/lanjutkan/", views.job_resume, name="job-resume"),
    path("<int:pk>/batalkan/", views.job_cancel, name="job-cancel"),
]

from django.urls import path

from . import views

app_name = "evidence"
urlpatterns = [
    path("evidence/<int:pk>/", views.staff_download, name="staff-download"),
    path("track/<token:token>/evidence/<int:pk>/", views.complainant_download, name="complainant-download"),
]

from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("file/", views.choose_type, name="choose-type"),
    path("file/code/", views.send_code, name="send-code"),
    path("file/<str:complaint_type>/", views.file_complaint, name="file"),
    path("companies/", views.companies, name="companies"),
    path("receipt/<token:token>/", views.receipt, name="receipt"),
    path("track/", views.track_lookup, name="track-lookup"),
    path("track/code/", views.track_code, name="track-code"),
    path("track/<token:token>/", views.track, name="track"),
    path("track/<token:token>/statement/", views.statement, name="statement"),
    path("track/<token:token>/material/", views.add_material, name="add-material"),
    path("track/<token:token>/edit/", views.edit, name="edit"),
    path("track/<token:token>/withdraw/", views.withdraw, name="withdraw"),
    path("track/<token:token>/rate/", views.rate, name="rate"),
    path("track/<token:token>/contact/", views.contact, name="contact"),
]

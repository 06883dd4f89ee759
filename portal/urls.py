from django.urls import path

from . import actions, company, views

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
    path("track/<token:token>/statement.pdf", views.statement_pdf, name="statement-pdf"),
    path("track/<token:token>/material/", actions.add_material, name="add-material"),
    path("track/<token:token>/edit/", actions.edit, name="edit"),
    path("track/<token:token>/withdraw/", actions.withdraw, name="withdraw"),
    path("track/<token:token>/rate/", actions.rate, name="rate"),
    path("track/<token:token>/contact/", actions.contact, name="contact"),
    path("track/<token:token>/proposal/", company.proposal, name="proposal"),
    path("track/<token:token>/to-company/", company.write_to_company, name="to-company"),
    path("track/<token:token>/performance/", company.performance, name="performance"),
]

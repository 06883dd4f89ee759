from django.urls import path

from . import account_views, desk_views

app_name = "companies"
urlpatterns = [
    # Accounts: applying, signing in, the company's users
    path("apply/", account_views.apply, name="apply"),
    path("apply/code/", account_views.apply_code, name="apply-code"),
    path("apply/sent/", account_views.apply_done, name="apply-done"),
    path("login/", account_views.login, name="login"),
    path("logout/", account_views.logout, name="logout"),
    path("password/", account_views.password_reset, name="password-reset"),
    path("password/<uidb64>/<token>/", account_views.password_set, name="password-set"),
    path("users/", account_views.members, name="members"),
    path("users/<int:pk>/deactivate/", account_views.member_deactivate, name="member-deactivate"),
    # The complaints forwarded to the company
    path("", desk_views.home, name="home"),
    path("scorecard/", desk_views.scorecard, name="scorecard"),
    path("complaints/<number:number>/", desk_views.complaint, name="complaint"),
    path("complaints/<number:number>/evidence/<int:pk>/", desk_views.evidence, name="evidence"),
    path("complaints/<number:number>/statement.pdf", desk_views.statement, name="statement-pdf"),
    path("complaints/<number:number>/<slug:action>/", desk_views.act, name="act"),
]

"""Signing in on the company pages: company users only, the same answer for every refusal,
locked out after too many wrong passwords (the admin too), new passwords by emailed link."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from notifications.models import Notice
from tests.companies.test_accounts import (  # noqa: F401 (the clock, the roles)
    LOGIN,
    PASSWORD,
    _pinned_clock,
    _roles_granted,
    choose_password,
    emailed,
    password_link,
    sign_in,
)

WRONG = "Please enter a correct email and password."
RESET = "/en/company/password/"


def refused_quietly(response):
    return (
        response.status_code == 200
        and WRONG in response.content.decode()
        and "_auth_user_id" not in (response.wsgi_request.session)
    )


@pytest.fixture
def member(make_member, odr_company):
    return make_member(odr_company, "agent@company.example", password=PASSWORD)


@pytest.mark.django_db
def test_a_company_user_signs_in_and_out(client, member):
    assert sign_in(client, member.user.email.upper())["Location"] == "/en/company/"
    assert client.get("/en/company/logout/").status_code == 405
    signed_out = client.post("/en/company/logout/", follow=True)
    assert "You are signed out." in signed_out.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_staff_and_users_of_no_company_get_the_wrong_password_answer(client, carol, member):
    carol.email = "carol@desk.example"
    carol.set_password(PASSWORD)
    carol.save()
    assert refused_quietly(sign_in(client, "carol"))
    assert refused_quietly(sign_in(client, "carol@desk.example"))
    get_user_model().objects.create_user("someone@example.com", "someone@example.com", PASSWORD)
    assert refused_quietly(sign_in(client, "someone@example.com"))
    member.user.is_active = False
    member.user.save()
    assert refused_quietly(sign_in(client, member.user.email))
    assert refused_quietly(sign_in(client, member.user.email, "not-the-password"))


@pytest.mark.django_db
def test_a_company_user_cannot_use_the_admin(client, member):
    page = client.post("/en/admin/login/", {"username": member.user.email, "password": PASSWORD})
    assert page.status_code == 200 and "staff account" in page.content.decode()
    client.force_login(member.user)
    assert client.get("/en/admin/")["Location"].startswith("/en/admin/login/")


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_company_sign_in(client, member):
    answers = [sign_in(client, member.user.email, f"wrong-{n}").status_code for n in range(5)]
    assert answers == [200, 200, 200, 200, 429]
    locked = sign_in(client, member.user.email)  # even the right password, for now
    assert locked.status_code == 429 and "Too many failed sign-ins" in locked.content.decode()


@pytest.mark.django_db
def test_changing_the_case_of_the_email_gains_no_more_tries(client, member):
    spellings = [member.user.email.upper(), member.user.email, f" {member.user.email.title()}"]
    answers = [sign_in(client, spellings[n % 3], f"wrong-{n}").status_code for n in range(5)]
    assert answers == [200, 200, 200, 200, 429]


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_admin_sign_in_too(carol):
    staff = Client()
    answers = [
        staff.post("/en/admin/login/", {"username": "carol", "password": f"wrong-{n}"}).status_code
        for n in range(5)
    ]
    assert answers == [200, 200, 200, 200, 429]
    locked = staff.post("/en/admin/login/", {"username": "carol", "password": "pw"})
    assert locked.status_code == 429 and "Too many failed sign-ins" in locked.content.decode()


@pytest.mark.django_db
def test_a_new_password_by_email_for_company_users_only(client, member, carol, mailoutbox):
    carol.email = "carol@desk.example"
    carol.save()
    for email in ("nobody@example.com", "carol@desk.example", member.user.email):
        answer = client.post(RESET, {"email": email}, follow=True)
        assert "If this email belongs to a company user" in answer.content.decode()
    assert list(Notice.objects.filter(event="company_password").values_list("recipient", flat=True)) == [
        member.user.email
    ]
    link = password_link(emailed(mailoutbox, "company_password"))
    assert "Your password is set" in choose_password(client, link, "Osprey-lantern-77").content.decode()
    assert sign_in(client, member.user.email, "Osprey-lantern-77").status_code == 302
    assert refused_quietly(sign_in(Client(), member.user.email, PASSWORD))


@pytest.mark.django_db
def test_a_weak_password_is_refused_on_the_form(client, member, mailoutbox):
    client.post(RESET, {"email": member.user.email})
    form_page = client.get(password_link(emailed(mailoutbox, "company_password")), follow=True)
    weak = client.post(form_page.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200 and "This password is too short." in weak.content.decode()


@pytest.mark.django_db
def test_a_used_or_expired_link_says_so(client, member, mailoutbox, _pinned_clock):  # noqa: F811
    client.post(RESET, {"email": member.user.email})
    link = password_link(emailed(mailoutbox, "company_password"))
    _pinned_clock.shift(dt.timedelta(days=3, minutes=1))
    expired = client.get(link, follow=True)
    assert expired.status_code == 200 and "This link no longer works" in expired.content.decode()

    client.post(RESET, {"email": member.user.email})
    link = password_link(emailed(mailoutbox, "company_password"))
    choose_password(client, link)
    used = client.get(link, follow=True)
    assert "This link no longer works" in used.content.decode()
    assert "This link no longer works" in client.get("/en/company/password/xx/yy/").content.decode()


@pytest.mark.django_db
def test_requests_for_new_passwords_are_limited(client, settings, member):
    settings.PORTAL_RATE = "100/h"
    answers = [client.post(RESET, {"email": member.user.email}).status_code for _ in range(11)]
    assert answers == [302] * 10 + [429]


@pytest.mark.django_db
def test_a_user_is_locked_from_every_address_and_an_address_for_every_user(member, carol, settings):
    settings.TRUSTED_PROXY_HOPS = 1  # behind one proxy: the address is the one it passes on

    def attempt(name, address):
        return (
            Client()
            .post(
                "/en/company/login/",
                {"username": name, "password": "wrong"},
                HTTP_X_FORWARDED_FOR=address,
            )
            .status_code
        )

    answers = [attempt(member.user.email, f"203.0.113.{n}") for n in range(5)]
    assert answers == [200, 200, 200, 200, 429]  # one user from five addresses
    answers = [attempt(f"nobody{n}@example.com", "198.51.100.7") for n in range(5)]
    assert answers == [200, 200, 200, 200, 429]  # five names from one address
    assert attempt("someone@example.com", "198.51.100.8") == 200  # others are not held up

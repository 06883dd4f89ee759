"""Staff sign-in with a second factor: required for supervisors and superusers, configurable
for the other roles; an authenticator app's code or a single-use recovery code."""

import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.staffaccess.codes import app_code, key_from_page, next_code

ADMIN = "/en/admin/"
COMPLAINTS = "/en/admin/complaints/complaint/"


def sign_in(username, next_page=ADMIN):
    browser = Client()
    page = browser.post(f"/en/admin/login/?next={next_page}", {"username": username, "password": "pw"})
    assert page.status_code == 302
    return browser


def set_up(browser):
    """Goes through the setup page as a staff member with an app would; returns the page after."""
    setup = browser.get("/en/admin/second-factor/setup/", {"next": COMPLAINTS})
    key = key_from_page(re.search(r'<code class="key">([^<]+)</code>', setup.content.decode()).group(1))
    return browser.post(setup.request["PATH_INFO"] + f"?next={COMPLAINTS}", {"code": app_code(key)})


@pytest.mark.django_db
def test_a_supervisor_cannot_reach_the_admin_with_the_password_alone(carol):
    browser = sign_in("carol", COMPLAINTS)
    for page in (ADMIN, COMPLAINTS, f"{COMPLAINTS}export/", "/en/admin/complaints/complaint/statistics/"):
        answer = browser.get(page, follow=True)
        assert answer.redirect_chain[-1][0].startswith("/en/admin/second-factor/setup/")
        assert "Set up a second factor" in answer.content.decode()
    assert "complainant_name" not in browser.get(COMPLAINTS, follow=True).content.decode()


@pytest.mark.django_db
def test_a_supervisor_sets_up_an_authenticator_and_gets_recovery_codes(carol):
    browser = sign_in("carol", COMPLAINTS)
    done = set_up(browser)
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert f'href="{COMPLAINTS}"' in done.content.decode()
    assert browser.get(COMPLAINTS).status_code == 200
    assert TOTPDevice.objects.get(user=carol).confirmed


@pytest.mark.django_db
def test_a_wrong_code_at_setup_is_refused_and_keeps_the_admin_closed(carol):
    browser = sign_in("carol")
    setup = browser.get("/en/admin/second-factor/setup/")
    key = key_from_page(re.search(r'<code class="key">([^<]+)</code>', setup.content.decode()).group(1))
    wrong = f"{(int(app_code(key)) + 1) % 1_000_000:06d}"
    refused = browser.post("/en/admin/second-factor/setup/", {"code": wrong})
    assert refused.status_code == 200 and "That code is not right" in refused.content.decode()
    assert 'aria-invalid="true"' in refused.content.decode()
    assert browser.get(ADMIN)["Location"].startswith("/en/admin/login/")
    assert not TOTPDevice.objects.filter(user=carol, confirmed=True).exists()


@pytest.mark.django_db
def test_the_next_sign_in_asks_for_the_code_and_a_used_code_is_refused(carol):
    set_up(sign_in("carol"))
    browser = sign_in("carol", COMPLAINTS)
    assert browser.get(ADMIN, follow=True).redirect_chain[-1][0].startswith("/en/admin/second-factor/?")
    code = next_code(carol)
    assert (
        browser.post(f"/en/admin/second-factor/?next={COMPLAINTS}", {"code": code})["Location"] == COMPLAINTS
    )
    assert browser.get(COMPLAINTS).status_code == 200
    again = sign_in("carol")
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=5), tick=True):
        replay = again.post("/en/admin/second-factor/", {"code": code})
    assert "That code is not right" in replay.content.decode()
    assert again.get(ADMIN).status_code == 302


@pytest.mark.django_db
def test_a_recovery_code_signs_in_once(carol):
    done = set_up(sign_in("carol"))
    recovery = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())[0]
    first = sign_in("carol")
    assert first.post("/en/admin/second-factor/", {"code": recovery.upper()})["Location"] == ADMIN
    assert first.get(ADMIN).status_code == 200
    second = sign_in("carol")
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=5), tick=True):
        refused = second.post("/en/admin/second-factor/", {"code": recovery})
    assert "That code is not right" in refused.content.decode()
    assert second.get(ADMIN).status_code == 302


@pytest.mark.django_db
def test_new_recovery_codes_replace_the_old_ones(carol):
    done = set_up(sign_in("carol"))
    old = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    browser = sign_in("carol")
    browser.post("/en/admin/second-factor/", {"code": next_code(carol)})
    assert (
        "You have 10 recovery codes left."
        in browser.get("/en/admin/second-factor/recovery-codes/").content.decode()
    )
    new = re.findall(
        r"<li><code>([a-z2-7]{8})</code></li>",
        browser.post("/en/admin/second-factor/recovery-codes/").content.decode(),
    )
    assert len(new) == 10 and not set(new) & set(old)
    refused = sign_in("carol").post("/en/admin/second-factor/", {"code": old[0]})
    assert "That code is not right" in refused.content.decode()


@pytest.mark.django_db
def test_a_case_handler_needs_only_the_password_unless_the_setting_adds_the_role(bob, settings):
    assert sign_in("bob").get(ADMIN).status_code == 200
    settings.SECOND_FACTOR_ROLES = [*settings.SECOND_FACTOR_ROLES, "Case handler"]
    assert (
        sign_in("bob")
        .get(ADMIN, follow=True)
        .redirect_chain[-1][0]
        .startswith("/en/admin/second-factor/setup/")
    )


@pytest.mark.django_db
def test_a_superuser_needs_the_second_factor_too(django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    assert sign_in("root").get(ADMIN)["Location"].startswith("/en/admin/login/")


@pytest.mark.django_db
def test_the_second_factor_pages_need_a_signed_in_staff_member(client):
    for page in ("/en/admin/second-factor/", "/en/admin/second-factor/setup/"):
        assert client.get(page)["Location"].startswith("/en/admin/login/")
    assert client.post("/en/admin/second-factor/", {"code": "123456"})["Location"].startswith(
        "/en/admin/login/"
    )


@pytest.mark.django_db
def test_next_never_leads_off_the_site(carol):
    browser = sign_in("carol")
    set_up(browser)
    browser.logout()
    browser = sign_in("carol")
    answer = browser.post("/en/admin/second-factor/?next=https://evil.example/", {"code": next_code(carol)})
    assert answer["Location"] == ADMIN


@pytest.mark.django_db
def test_evidence_downloads_need_the_second_factor_too(carol, make_complaint):
    from evidence.services import evidence_attach
    from staffaccess.models import AccessRecord
    from tests.evidence.samples import image, upload

    evidence = evidence_attach(complaint=make_complaint(), uploads=[upload("截图.jpg", image())]).saved[0]
    browser = sign_in("carol")
    refused = browser.get(f"/evidence/{evidence.pk}/")
    assert refused.status_code == 302 and "/admin/login/" in refused["Location"]
    assert not AccessRecord.objects.exists()
    set_up(browser)
    assert browser.get(f"/evidence/{evidence.pk}/").status_code == 200


@pytest.mark.django_db
def test_signing_out_works_before_the_second_factor_and_its_pages_are_never_cached(carol):
    browser = sign_in("carol")
    setup = browser.get("/en/admin/second-factor/setup/")
    assert "no-cache" in setup["Cache-Control"] and 'action="/en/admin/logout/"' in setup.content.decode()
    assert browser.post("/en/admin/logout/").status_code == 200
    assert browser.get(ADMIN)["Location"] == "/en/admin/login/?next=/en/admin/"
    assert browser.get("/en/admin/second-factor/setup/")["Location"].startswith("/en/admin/login/")


@pytest.mark.django_db
def test_passing_the_second_factor_gives_a_new_session_key(carol):
    browser = sign_in("carol")
    before = browser.cookies["sessionid"].value
    set_up(browser)
    assert browser.cookies["sessionid"].value != before

"""Hostile input to the public pages: a clear answer (4xx), never a server error, nothing changed."""

import pytest
from django.db.models import F

from complaints.models import Company, Complaint
from portal import services
from tests.evidence.samples import image, upload

NUL = "\x00"


def url(complaint, action=""):
    """The English page, so the messages can be read here."""
    return f"/en/track/{complaint.access_token}/{action + '/' if action else ''}"


@pytest.fixture
def answers(client):
    """GET or POST as a visitor would, seeing a server error as a response, not an exception."""
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["abc", "", "1.5", "²", "-1", NUL])
@pytest.mark.parametrize(
    ("state", "action", "data"),
    [
        ("submitted", "withdraw", {"confirm": "on"}),
        ("resolved", "rate", {"verdict": "satisfied"}),
    ],
)
def test_a_version_that_is_not_a_number_changes_nothing(answers, complaint_in, state, action, data, version):
    complaint = complaint_in(state)
    response = answers.post(url(complaint, action), {**data, "version": version})
    assert response.status_code in (302, 400)
    complaint.refresh_from_db()
    assert complaint.status == state
    if response.status_code == 302:
        shown = [str(m) for m in response.wsgi_request._messages]
        assert any("changed meanwhile" in text for text in shown)


@pytest.mark.django_db
@pytest.mark.parametrize("staged", ["²", "٣", "1.5", "abc", NUL])
def test_staged_file_ids_that_are_not_numbers_are_ignored(answers, staged):
    response = answers.post("/file/telecom/", {"action": "submit", "staged": staged})
    assert response.status_code == 400
    assert not Complaint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/track/%00/",
        "/track/%00/statement/",
        "/track/%00/edit/",
        "/track/%00/withdraw/",
        "/track/%00/rate/",
        "/track/%00/contact/",
        "/track/%00/evidence/1/",
        "/receipt/%00/",
        "/en/receipt/%00/",
        "/track/'%20OR%201=1/",
        "/file/%00/",
    ],
)
def test_a_token_of_the_wrong_shape_is_not_found(answers, path):
    assert answers.get(path).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/companies/", {"q": NUL}),
        ("get", "/companies/", {"q": "中国" + NUL}),
        ("get", "/track/code/", {"number": NUL}),
        ("post", "/track/", {"number": "TS" + NUL}),
        ("post", "/track/code/", {"number": NUL, "code": "123456"}),
        ("post", "/file/telecom/", {"observed": "a" + NUL, "action": "submit"}),
        (
            "post",
            "/file/telecom/",
            {"complainant_email": NUL, "contact_preference": "email", "action": "send_code"},
        ),
        ("post", "/file/code/", {"complainant_phone": "139" + NUL}),
        ("get", "/admin/login/", {"next": NUL}),
    ],
)
def test_a_nul_character_in_input_is_refused_with_a_message(answers, method, path, data):
    response = getattr(answers, method)(path, data)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/file/telecom/", "/track/", "/"])
def test_a_session_cookie_holding_a_nul_character_gets_a_new_session(answers, path):
    answers.cookies["sessionid"] = "abcdefghij\x00klmnop"
    assert answers.get(path).status_code == 200


@pytest.mark.django_db
def test_edit_saved_while_someone_else_changed_the_complaint(answers, make_complaint, monkeypatch):
    complaint = make_complaint()
    form = answers.get(url(complaint, "edit")).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(service_account="9999", version=complaint.version, confirm="yes")
    _changed_meanwhile(monkeypatch, Company, "for_name", complaint)
    response = answers.post(url(complaint, "edit"), data)
    assert response.status_code == 302
    assert any("changed meanwhile" in str(m) for m in response.wsgi_request._messages)
    complaint.refresh_from_db()
    assert complaint.service_account == "2000123456"


@pytest.mark.django_db
def test_material_added_while_someone_else_changed_the_complaint(answers, complaint_in, monkeypatch):
    complaint = complaint_in("awaiting_complainant")
    _changed_meanwhile(monkeypatch, services, "evidence_attach", complaint)
    response = answers.post(
        url(complaint, "material"), {"text": "补充", "files": [upload("a.png", image("PNG"))]}
    )
    assert response.status_code == 302
    assert any("changed meanwhile" in str(m) for m in response.wsgi_request._messages)
    complaint.refresh_from_db()
    assert complaint.status == "awaiting_complainant"


def _changed_meanwhile(monkeypatch, owner, name, complaint):
    """Make ``owner.name`` save the complaint elsewhere first, as a colleague's request would
    between this request's read and its write."""
    real = getattr(owner, name)

    def first_a_colleague_saves(*args, **kwargs):
        Complaint.objects.filter(pk=complaint.pk).update(version=F("version") + 1)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, first_a_colleague_saves)

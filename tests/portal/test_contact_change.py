"""A new phone or email receives nothing, tracking codes included, until a code sent to it is
entered: whoever holds the private link cannot redirect the complaint's codes unproven."""

import pytest

from tests.portal.conftest import last_code, last_email_code

NEW_PHONE = "+8613700001111"


def url(complaint, action):
    return f"/en/track/{complaint.access_token}/{action}/"


def edit_data(client, complaint, **changes):
    form = client.get(url(complaint, "edit")).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    return {**data, "version": complaint.version, **changes}


@pytest.mark.django_db
def test_a_new_mobile_number_is_confirmed_before_the_edit_is_saved(client, make_complaint, sms_outbox):
    complaint = make_complaint()
    old_phone = str(complaint.complainant_phone)
    data = edit_data(client, complaint, complainant_phone="13700001111")
    review = client.post(url(complaint, "edit"), data)
    assert review.status_code == 200 and 'name="contact_code"' in review.content.decode()
    code = last_code(sms_outbox, NEW_PHONE)

    unconfirmed = client.post(url(complaint, "edit"), {**data, "confirm": "yes"})
    assert unconfirmed.status_code == 400
    complaint.refresh_from_db()
    assert str(complaint.complainant_phone) == old_phone

    wrong = f"{(int(code) + 1) % 10**6:06d}"
    assert (
        client.post(url(complaint, "edit"), {**data, "confirm": "yes", "contact_code": wrong}).status_code
        == 400
    )
    saved = client.post(url(complaint, "edit"), {**data, "confirm": "yes", "contact_code": code})
    assert saved.status_code == 302
    complaint.refresh_from_db()
    assert str(complaint.complainant_phone) == NEW_PHONE


@pytest.mark.django_db
def test_an_edit_that_keeps_the_contact_details_needs_no_code(client, make_complaint, sms_outbox):
    complaint = make_complaint()
    data = edit_data(client, complaint, service_account="9999")
    review = client.post(url(complaint, "edit"), data)
    assert 'name="contact_code"' not in review.content.decode()
    assert not sms_outbox
    assert client.post(url(complaint, "edit"), {**data, "confirm": "yes"}).status_code == 302


@pytest.mark.django_db
def test_tracking_codes_go_to_a_new_email_only_once_it_is_confirmed(client, complaint_in, mailoutbox):
    complaint = complaint_in("accepted")
    data = {"contact_preference": "email", "complainant_email": "new@example.com"}
    asked = client.post(url(complaint, "contact"), data)
    assert asked.status_code == 200 and 'name="contact_code"' in asked.content.decode()
    complaint.refresh_from_db()
    assert complaint.contact_preference == "sms"  # nothing saved yet
    client.post("/track/", {"number": complaint.number})
    assert [m.to for m in mailoutbox if "new@example.com" in m.to] == [["new@example.com"]]  # only the code

    code = last_email_code(mailoutbox, "new@example.com")
    assert client.post(url(complaint, "contact"), {**data, "contact_code": code}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.contact_target == ("email", "new@example.com")


@pytest.mark.django_db
def test_two_new_addresses_at_once_are_refused(client, make_complaint, sms_outbox):
    complaint = make_complaint(contact_preference="both")
    data = edit_data(client, complaint, complainant_phone="13700001111", complainant_email="b@example.com")
    response = client.post(url(complaint, "edit"), data)
    assert response.status_code == 400
    assert "one at a time" in response.content.decode()
    assert not sms_outbox


@pytest.mark.django_db
def test_a_wrong_code_counts_and_a_right_one_survives_a_change_made_meanwhile(
    client, make_complaint, sms_outbox, monkeypatch
):
    from django.db.models import F

    from complaints.models import Company, Complaint
    from portal.models import VerificationCode

    complaint = make_complaint()
    data = edit_data(client, complaint, complainant_phone="13700001111")
    client.post(url(complaint, "edit"), data)
    code = last_code(sms_outbox, NEW_PHONE)
    client.post(url(complaint, "edit"), {**data, "confirm": "yes", "contact_code": "000000"[: 6 - 1] + "x"})
    assert VerificationCode.objects.get(target=NEW_PHONE).attempts == 1

    real = Company.for_name

    def a_colleague_saves_first(name):
        Complaint.objects.filter(pk=complaint.pk).update(version=F("version") + 1)
        return real(name)

    monkeypatch.setattr(Company, "for_name", a_colleague_saves_first)
    changed = client.post(
        url(complaint, "edit"), {**data, "confirm": "yes", "contact_code": code}, follow=True
    )
    assert any("changed meanwhile" in str(m) for m in changed.context["messages"])
    monkeypatch.undo()
    complaint.refresh_from_db()
    again = edit_data(client, complaint, complainant_phone="13700001111", confirm="yes", contact_code=code)
    assert client.post(url(complaint, "edit"), again).status_code == 302
    complaint.refresh_from_db()
    assert str(complaint.complainant_phone) == NEW_PHONE

"""Bad input on the workbench pages gets a clear message, never a 500, and nobody does more
than their role allows."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from complaints.models import Complaint, FactEdit
from workbench.models import ReplyTemplate, SavedView


def case_url(complaint, name="change"):
    return reverse(f"admin:complaints_complaint_{name}", args=[complaint.pk])


def transition_url(complaint, name):
    return reverse(
        "admin:complaints_complaint_transition", kwargs={"object_id": complaint.pk, "transition_name": name}
    )


@pytest.fixture
def viewer(django_user_model):
    """Staff who may only read complaints."""
    user = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_complaint"))
    return user


@pytest.mark.django_db
def test_writing_on_a_case_that_changed_meanwhile_is_refused_with_a_message(client, complaint_in, bob):
    complaint = complaint_in("in_progress", assignee=bob)
    client.force_login(bob)
    stale = {"kind": "reply", "body": "答复", "version": complaint.version - 1}
    answer = client.post(case_url(complaint, "write"), stale, follow=True)
    assert (
        answer.status_code == 200
        and "changed meanwhile" in str(list(answer.context["messages"])[0])
        or ("已被" in str(list(answer.context["messages"])[0]))
    )
    assert not complaint.messages.exists()
    huge = {**stale, "version": 10**30}
    assert client.post(case_url(complaint, "write"), huge).status_code == 302


@pytest.mark.django_db
def test_staff_who_may_only_read_cannot_write_or_preview(client, complaint_in, bob, viewer):
    complaint = complaint_in("in_progress", assignee=bob)
    client.force_login(viewer)
    page = client.get(case_url(complaint)).content.decode()
    assert 'class="write"' not in page
    body = {"kind": "reply", "body": "x", "version": complaint.version}
    assert client.post(case_url(complaint, "write"), body).status_code == 403
    preview = {"version": complaint.version, "outcome": "mediated", "reply": "x", "_preview": "1"}
    assert client.post(transition_url(complaint, "resolve"), preview).status_code == 403
    assert not complaint.messages.exists()


@pytest.mark.django_db
def test_an_intake_officer_cannot_preview_a_result(client, complaint_in, bob, alice):
    complaint = complaint_in("in_progress", assignee=bob)
    client.force_login(alice)
    preview = {"version": complaint.version, "outcome": "mediated", "reply": "x", "_preview": "1"}
    assert client.post(transition_url(complaint, "resolve"), preview).status_code == 403


@pytest.mark.django_db
def test_the_preview_of_a_rejection_names_the_reason_in_words(client, make_complaint, alice):
    complaint = make_complaint()
    client.force_login(alice)
    preview = client.post(
        f"/en{transition_url(complaint, 'reject')}",
        {"version": complaint.version, "reason": "other", "details": "不属于受理范围", "_preview": "1"},
    )
    texts = " ".join(text for _channel, _subject, text in preview.context["preview"])
    assert "其他原因" in texts and ": other" not in texts


@pytest.mark.parametrize("body", ["Dear {name", "a } b", "see {}", "{0}"])
def test_a_template_with_broken_braces_is_refused_not_a_500(body):
    with pytest.raises(ValidationError):
        ReplyTemplate(name="x", use="resolve", language="en", body=body).clean()


@pytest.mark.django_db
def test_odd_template_and_view_ids_give_messages(client, complaint_in, bob):
    complaint = complaint_in("in_progress", assignee=bob)
    client.force_login(bob)
    for odd in ("²", "9" * 5000, "abc"):
        assert client.get(transition_url(complaint, "resolve"), {"template": odd}).status_code == 200
    forget = reverse("admin:complaints_complaint_saved_views")
    assert client.post(forget, {"forget": "abc"}).status_code == 302
    long = client.post(forget, {"name": "x", "query": "q=" + "x" * 600}, follow=True)
    assert long.status_code == 200 and not SavedView.objects.exists() and list(long.context["messages"])


@pytest.mark.django_db
def test_next_in_my_queue_visits_complaints_due_the_same_day(client, complaint_in, bob):
    due = dt.date(2026, 12, 10)
    cases = [complaint_in("in_progress", assignee=bob) for _ in range(3)]
    Complaint.objects.filter(pk__in=[c.pk for c in cases]).update(next_due=due)
    client.force_login(bob)
    seen, current = [], cases[0]
    for _ in range(3):
        seen.append(current.pk)
        url = client.get(case_url(current)).context["next_in_queue"]
        current = Complaint.objects.get(pk=int(url.rstrip("/").split("/")[-2]))
    assert sorted(seen) == sorted(c.pk for c in cases)


@pytest.mark.django_db
def test_a_deactivated_handlers_complaints_can_be_reassigned(client, complaint_in, bob, alice, carol):
    complaint_in("in_progress", assignee=bob)
    bob.is_active = False
    bob.save()
    client.force_login(carol)
    client.post(reverse("admin:complaints_complaint_reassign"), {"handler": bob.pk, "to": [alice.pk]})
    assert Complaint.objects.open().filter(assignee=alice).count() == 1


@pytest.mark.django_db
def test_an_edit_records_only_what_changed_and_reads_in_the_readers_language(client, make_complaint, alice):
    from complaints.services import complaint_update

    complaint = make_complaint()
    complaint_update(complaint=complaint, by=alice, changed=["complainant_name"])  # nothing changed
    assert not FactEdit.objects.exists()
    complaint.contact_preference = "email"
    complaint_update(complaint=complaint, by=alice, changed=["contact_preference", "complainant_name"])
    edit = FactEdit.objects.get()
    assert edit.changes == [["contact_preference", "sms", "email"]]
    client.force_login(alice)
    url = case_url(complaint)  # before a request in English makes reverse() add /en/
    english = client.get(f"/en{url}").content.decode()
    chinese = client.get(url).content.decode()
    assert "SMS → Email" in english and "短信 → 电子邮件" in chinese

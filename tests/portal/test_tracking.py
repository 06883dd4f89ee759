"""Tracking: by number and code, or by the private link; the same answer for any wrong input."""

import pytest

from complaints.choices import Outcome
from complaints.models import ComplaintMessage
from tests.portal.conftest import last_code


@pytest.fixture
def filed(make_complaint):
    return make_complaint(complainant_phone="+8613912345678")


@pytest.mark.django_db
def test_track_with_number_and_code(client, filed, sms_outbox):
    response = client.post("/track/", {"number": filed.number.lower()})
    assert response.status_code == 302
    assert sms_outbox[-1].phone == "+8613912345678"
    response = client.post("/track/code/", {"number": filed.number, "code": last_code(sms_outbox)})
    assert response["Location"] == f"/track/{filed.access_token}/"
    page = client.get(response["Location"]).content.decode()
    assert filed.number in page


@pytest.mark.django_db
def test_unknown_number_gets_the_same_answer(client, filed, sms_outbox):
    known = client.post("/track/", {"number": filed.number}, follow=True)
    unknown = client.post("/track/", {"number": "TS-20260101-999999"}, follow=True)
    assert [str(m) for m in known.context["messages"]] == [str(m) for m in unknown.context["messages"]]
    assert known.redirect_chain[0][1] == unknown.redirect_chain[0][1] == 302
    assert len(sms_outbox) == 1
    wrong_code = client.post("/track/code/", {"number": filed.number, "code": "000000"})
    wrong_number = client.post("/track/code/", {"number": "TS-20260101-999999", "code": "000000"})
    assert wrong_code.status_code == wrong_number.status_code == 400
    assert wrong_code.context["form"].non_field_errors() == wrong_number.context["form"].non_field_errors()


@pytest.mark.django_db
def test_tracking_attempts_are_rate_limited(client, filed):
    statuses = [client.post("/track/", {"number": f"TS-20260101-{i:06d}"}).status_code for i in range(11)]
    assert statuses[:10] == [302] * 10 and statuses[10] == 429


@pytest.mark.django_db
def test_tracking_page_shows_replies_never_internal_notes(client, complaint_in, bob):
    complaint = complaint_in("resolved", assignee=bob)
    complaint.add_message(ComplaintMessage.Kind.INTERNAL, "内部：企业法务态度强硬")
    page = client.get(f"/track/{complaint.access_token}/").content.decode()
    assert "企业同意退还多扣费用。" in page
    assert "内部：企业法务态度强硬" not in page
    assert "请补充扣费短信截图。" not in page  # never asked in this path
    assert complaint.appeal_deadline.strftime("%Y-%m-%d") in page
    assert f"/track/{complaint.access_token}/rate/" in page


@pytest.mark.django_db
def test_staff_notes_on_transitions_stay_internal(client, make_complaint, alice):
    from complaints.services import complaint_transition

    complaint = make_complaint()
    complaint_transition(complaint=complaint, name="accept", actor=alice, note="内部备注：优先处理")
    page = client.get(f"/track/{complaint.access_token}/").content.decode()
    assert "内部备注" not in page
    assert "受理" in page


@pytest.mark.django_db
def test_wrong_link_is_not_found(client):
    assert client.get("/track/not-a-real-token/").status_code == 404


@pytest.mark.django_db
def test_tracking_page_shows_what_changed_since_the_last_view(client, complaint_in, bob, alice):
    """The page's parts are kept between views; a new reply, file or step shows at once."""
    from complaints.services import complaint_transition
    from evidence.models import Evidence

    complaint = complaint_in("in_progress", assignee=bob)
    url = f"/track/{complaint.access_token}/"
    client.get(url)
    complaint.add_message(ComplaintMessage.Kind.REPLY, "企业已承诺三日内回电。")
    assert "企业已承诺三日内回电。" in client.get(url).content.decode()
    Evidence.objects.create(
        complaint=complaint,
        file="x/reply.pdf",
        original_name="企业回函.pdf",
        kind="document",
        mime_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    assert "企业回函.pdf" in client.get(url).content.decode()
    complaint.refresh_from_db()
    complaint_transition(
        complaint=complaint, name="resolve", actor=bob, outcome=Outcome.MEDIATED, reply="已退款 141 元。"
    )
    page = client.get(url).content.decode()
    assert "已退款 141 元。" in page and f"{url}rate/" in page


@pytest.mark.django_db
def test_tracking_page_queries_do_not_grow_and_a_repeat_view_reads_one_row(
    client, complaint_in, bob, django_assert_max_num_queries, django_assert_num_queries
):
    complaint = complaint_in("resolved", assignee=bob)
    for n in range(5):
        complaint.add_message(ComplaintMessage.Kind.COMPLAINANT, f"补充说明 {n}")
    url = f"/track/{complaint.access_token}/"
    with django_assert_max_num_queries(4):  # the complaint, its clocks, its history and messages, files
        first = client.get(url).content.decode()
    with django_assert_num_queries(1):
        again = client.get(url).content.decode()
    assert "补充说明 4" in first and "补充说明 4" in again
    assert 'name="csrfmiddlewaretoken"' in again  # the form still works on a kept page


@pytest.mark.django_db
def test_a_renamed_company_shows_on_a_kept_page(client, make_complaint):
    complaint = make_complaint()
    url = f"/track/{complaint.access_token}/"
    client.get(url)
    complaint.company.name = "中国移动通信集团北京有限公司"
    complaint.company.save()
    assert "中国移动通信集团北京有限公司" in client.get(url).content.decode()


@pytest.mark.django_db
def test_the_page_works_when_the_page_cache_does_not_answer(client, make_complaint, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        },
    }
    complaint = make_complaint()
    response = client.get(f"/track/{complaint.access_token}/")
    assert response.status_code == 200 and complaint.number in response.content.decode()


@pytest.mark.django_db
def test_a_message_written_during_a_step_keeps_its_time(complaint_in, bob):
    """A transition that writes a reply saves the complaint afterwards; the time the message
    changed it survives that save."""
    from complaints.models import Complaint

    complaint = complaint_in("resolved", assignee=bob)
    stored = Complaint.objects.get(pk=complaint.pk)
    assert stored.touched_at is not None and stored.touched_at == complaint.touched_at


@pytest.mark.django_db
def test_a_due_date_in_a_year_without_the_official_calendar_is_marked_provisional(
    client, make_complaint, drive
):
    import datetime as dt

    import time_machine

    shanghai = dt.timezone(dt.timedelta(hours=8))
    with time_machine.travel(dt.datetime(2026, 12, 18, 10, tzinfo=shanghai), tick=False):
        complaint = make_complaint(occurred_at=dt.datetime(2026, 12, 17, 10, tzinfo=shanghai))
        drive(complaint, "accept")
        page = client.get(f"/en/track/{complaint.access_token}/").content.decode()
    assert complaint.calendar_missing == "2027"
    assert "Provisional: the official holiday arrangement for 2027 is not published yet" in page


def test_every_step_has_words_on_the_tracking_page():
    from complaints.services import transition_names
    from portal.content import EVENT_LABELS

    assert transition_names() <= set(EVENT_LABELS)

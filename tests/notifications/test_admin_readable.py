"""The notices list as staff read it: the complaint's number linking to the complaint, the
event in words, a mobile masked as everywhere else in the back office."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from notifications.events import EVENT_LABELS, EVENTS
from notifications.models import Notice
from notifications.services import notify_address

LIST = "/en/admin/notifications/notice/"


def cells(page):
    """The text of each cell of the changelist's rows."""
    table = page.content.decode().split('id="result_list"', 1)[1].split("</table>", 1)[0]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", table)]


def test_every_event_has_a_name_in_words():
    assert set(EVENT_LABELS) == set(EVENTS)
    with translation.override("en"):
        assert str(EVENT_LABELS["appeal_decided"]) == "Appeal decided"


@pytest.mark.django_db
def test_the_list_shows_the_complaint_the_event_in_words_and_a_masked_mobile(
    client, complaint_in, drive, carol
):
    complaint = complaint_in("resolved", complainant_phone="+8613912346925")
    drive(complaint, "appeal", "start_rereview", "decide_appeal")
    assert Notice.objects.filter(complaint=complaint, event="appeal_decided", channel="sms").exists()
    client.force_login(carol)
    page = client.get(LIST)
    html, shown = page.content.decode(), cells(page)
    change = reverse("admin:complaints_complaint_change", args=[complaint.pk])
    assert change.startswith("/en/admin/")
    assert f'<a href="{change}">{complaint.number}</a>' in html
    assert "Appeal decided" in shown and "Complaint received" in shown
    assert not {"appeal_decided", "receipt", "appeal_received"} & set(shown)
    assert "139****6925" in shown
    assert "13912346925" not in html
    # The filter names the events too, and filters by them.
    assert re.search(r'href="\?event=appeal_decided"[^>]*>Appeal decided</a>', html)
    filtered = cells(client.get(LIST, {"event": "appeal_decided"}))
    assert "Appeal decided" in filtered and "Complaint received" not in filtered
    # In the platform's language, with a name that is already translated.
    assert "已作出复核决定" in cells(client.get("/admin/notifications/notice/"))


@pytest.mark.django_db
def test_a_notice_without_complaint_and_an_email_address(client, carol):
    notify_address(
        "company_refused",
        channel="email",
        address="apply@company.example",
        language="en",
        occurrence="1",
        company="X Ltd",
    )
    client.force_login(carol)
    shown = cells(client.get(LIST))
    assert "Company application not approved" in shown
    assert "apply@company.example" in shown
    assert "—" in shown  # no complaint


@pytest.mark.django_db
def test_the_list_takes_as_many_queries_for_many_notices_as_for_one(client, make_complaint, carol):
    client.force_login(carol)
    make_complaint()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    one = queries()
    for _ in range(5):
        make_complaint()
    assert Notice.objects.values("complaint").distinct().count() == 6
    assert queries() == one

"""The supervisors' dashboard: every figure equals the length of the list it links to."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from complaints.models import Complaint

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
MONDAY = dt.datetime(2026, 11, 16, 10, tzinfo=SHANGHAI)


@pytest.mark.django_db
@time_machine.travel(MONDAY, tick=False)
def test_the_dashboard_figures_match_the_lists_they_open(
    client, complaint_in, make_complaint, bob, alice, carol
):
    today = MONDAY.date()
    for due, who in ((today - dt.timedelta(days=2), bob), (today + dt.timedelta(days=1), bob), (None, alice)):
        complaint = complaint_in("in_progress", assignee=who)
        Complaint.objects.filter(pk=complaint.pk).update(next_due=due)
    make_complaint()
    client.force_login(bob)
    assert client.get(reverse("admin:complaints_complaint_dashboard")).status_code == 403
    client.force_login(carol)
    page = client.get(reverse("admin:complaints_complaint_dashboard"))
    html = page.content.decode()
    assert page.context["intake_today"] == 4
    links = re.findall(r'<a href="(/admin/complaints/complaint/\?[^"]+)">(\d+)</a>', html)
    links += re.findall(
        r'<a class="tile[^"]*" href="(/admin/complaints/complaint/\?[^"]+)"><span class="count"[^>]*>(\d+)<',
        html,
    )
    assert len(links) >= 10
    for url, shown in links:
        listed = client.get(url.replace("&amp;", "&"))
        assert listed.status_code == 200 and listed.context["cl"].result_count == int(shown), url
    bob_row = next(row for row in page.context["handlers"] if row["name"] == "bob")
    assert (bob_row["open"], bob_row["overdue"], bob_row["soon"]) == (2, 1, 1)

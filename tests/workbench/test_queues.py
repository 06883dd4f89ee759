"""The staff queues on the admin index: each count is the length of the list it opens; the due
dates' colours at each threshold."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from complaints.models import Complaint, Urgency

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# Monday 16 November 2026; DUE_SOON_WORKING_DAYS is 3: Thursday 19 November is the last "soon".
MONDAY = dt.datetime(2026, 11, 16, 10, tzinfo=SHANGHAI)


@pytest.mark.django_db
@time_machine.travel(MONDAY, tick=False)
def test_each_queue_count_is_the_length_of_the_list_it_opens(
    client, complaint_in, make_complaint, bob, carol
):
    today = MONDAY.date()
    for due in (today - dt.timedelta(days=3), today + dt.timedelta(days=1), today + dt.timedelta(days=20)):
        mine = complaint_in("in_progress", assignee=bob)
        Complaint.objects.filter(pk=mine.pk).update(next_due=due)
    complaint_in("in_progress", assignee=carol)
    make_complaint()
    make_complaint()
    complaint_in("awaiting_complainant", assignee=bob)
    complaint_in("appealed", assignee=carol)
    complaint_in("closed", assignee=bob)
    client.force_login(bob)
    index = client.get(reverse("admin:index")).content.decode()
    counts = {name: int(n) for name, n in re.findall(r'data-queue="(\w+)">(\d+)<', index)}
    listed = {}
    for name in counts:
        page = client.get(reverse("admin:complaints_complaint_changelist"), {"queue": name})
        listed[name] = page.context["cl"].result_count
    assert counts == listed
    assert counts == {
        "mine": 4,
        "mine_soon": 1,
        "mine_overdue": 1,
        "unassigned": 2,
        "awaiting_complainant": 1,
        "appeals": 1,
    }


@pytest.mark.django_db
@time_machine.travel(MONDAY, tick=False)
def test_due_dates_are_green_amber_or_red_at_their_thresholds(reference_data_loaded):
    today = MONDAY.date()
    levels = {offset: Urgency.of(today + dt.timedelta(days=offset)) for offset in (-1, 0, 3, 4, 5, 7, 12)}
    assert {k: (u.level, u.days_left) for k, u in levels.items()} == {
        -1: ("breached", -1),  # Sunday 15th was due: one working day (Monday) late
        0: ("soon", 0),
        3: ("soon", 3),  # Thursday: the third working day
        4: ("ok", 4),  # Friday
        5: ("ok", 4),  # Saturday: no working day more
        7: ("ok", 5),  # Monday 23rd
        12: ("ok", 9),
    }


@pytest.fixture
def reference_data_loaded(db):
    from django.core.management import call_command

    call_command("load_calendar", verbosity=0)


@pytest.mark.django_db
def test_the_list_sorts_by_due_date_from_its_header_without_a_date_last_both_ways(client, complaint_in, bob):
    dated = [complaint_in("in_progress", assignee=bob) for _ in range(2)]
    undated = complaint_in("in_progress", assignee=bob)
    Complaint.objects.filter(pk=dated[0].pk).update(next_due=dt.date(2026, 12, 1))
    Complaint.objects.filter(pk=dated[1].pk).update(next_due=dt.date(2026, 12, 20))
    Complaint.objects.filter(pk=undated.pk).update(next_due=None)
    client.force_login(bob)
    page = client.get(reverse("admin:complaints_complaint_changelist")).content.decode()
    header = re.search(r'<th scope="col" class="[^"]*column-due_display[^"]*">.*?</th>', page, re.S).group()
    ascending = re.search(r'href="(\?o=\d+)"', header).group(1)
    order = client.get(reverse("admin:complaints_complaint_changelist") + ascending).context["cl"].result_list
    assert [c.pk for c in order] == [dated[0].pk, dated[1].pk, undated.pk]
    descending = ascending.replace("o=", "o=-")
    order = (
        client.get(reverse("admin:complaints_complaint_changelist") + descending).context["cl"].result_list
    )
    assert [c.pk for c in order] == [dated[1].pk, dated[0].pk, undated.pk]

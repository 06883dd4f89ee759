"""The statistics page opened without a period reports this month, and its date fields say so,
in the format a date input takes, whatever the language."""

import datetime as dt
import re

import pytest
import time_machine

from complaints.choices import ComplaintType

URL = "/admin/complaints/complaint/statistics/"
CST = dt.timezone(dt.timedelta(hours=8))
# Wednesday 18 November 2026, mid-morning in Shanghai.
NOW = dt.datetime(2026, 11, 18, 10, tzinfo=CST)


def dates(page):
    """The values of the page's date fields, as the browser gets them."""
    html = page.content.decode()
    return {
        name: re.search(rf'<input type="date" name="{name}" value="([^"]*)"', html).group(1)
        for name in ("start", "end")
    }


def received(page):
    return int(re.search(r'<th scope="row">Received</th><td>(\d+)</td>', page.content.decode()).group(1))


@pytest.fixture
def filed(make_complaint):
    """One complaint filed last month and two this month (one of them about an online service)."""
    for day in (dt.datetime(2026, 10, 20, 10, tzinfo=CST), NOW, NOW):
        with time_machine.travel(day, tick=False):
            make_complaint(occurred_at=day - dt.timedelta(days=1))
    with time_machine.travel(NOW, tick=False):
        make_complaint(
            complaint_type=ComplaintType.OTHER, occurred_at=NOW - dt.timedelta(days=1), demands=["refund"]
        )


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_without_a_period_the_fields_show_this_month(client, carol, filed, prefix):
    client.force_login(carol)
    with time_machine.travel(NOW, tick=False):
        page = client.get(prefix + URL)
    assert page.status_code == 200
    assert dates(page) == {"start": "2026-11-01", "end": "2026-11-30"}


@pytest.mark.django_db
def test_the_fields_hold_the_period_the_figures_are_for(client, carol, filed):
    client.force_login(carol)
    with time_machine.travel(NOW, tick=False):
        default = client.get("/en" + URL)
        asked = client.get("/en" + URL, dates(default))
        october = client.get("/en" + URL, {"start": "2026-10-01", "end": "2026-10-31"})
    assert received(default) == received(asked) == 3
    assert received(october) == 1
    assert dates(october) == {"start": "2026-10-01", "end": "2026-10-31"}
    # The export links of the page are for the same period.
    assert "start=2026-11-01&amp;end=2026-11-30&amp;export=csv" in default.content.decode()


@pytest.mark.django_db
def test_a_filter_without_a_period_applies_to_this_month(client, carol, filed):
    client.force_login(carol)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/en" + URL, {"complaint_type": ComplaintType.OTHER})
    assert dates(page) == {"start": "2026-11-01", "end": "2026-11-30"}
    assert f'<option value="{ComplaintType.OTHER}" selected>' in page.content.decode()
    assert received(page) == 1

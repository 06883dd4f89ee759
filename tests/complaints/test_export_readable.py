"""What staff read of a complaint outside its form: the exported list (headings and choices in
the exporter's language, the mobile masked) and the headings of its messages (local time)."""

import csv
import datetime as dt
import io
import re

import pytest
from django.utils import translation

from complaints.choices import Channel, ComplaintType, Demand, Outcome, Satisfaction, Status
from complaints.models import ComplaintMessage
from tests.exports import post_export

CODES = {*Status.values, *ComplaintType.values, *Channel.values, *Demand.values, *Outcome.values}
CODES |= set(Satisfaction.values)


def export(client, prefix=""):
    """The complaint list exported as CSV, as a supervisor downloads it, read back."""
    url = f"{prefix}/admin/complaints/complaint/export/"
    response = post_export(client, url)
    assert response.status_code == 200
    content = response.content.decode("utf-8-sig")
    return content, list(csv.DictReader(io.StringIO(content)))


@pytest.mark.django_db
def test_the_export_has_headings_and_choices_in_words_and_the_mobile_masked(client, complaint_in, carol):
    complaint = complaint_in(
        "resolved", complainant_phone="+8613912346925", channel=Channel.HOTLINE, demands=[Demand.REFUND]
    )
    client.force_login(carol)
    content, [row] = export(client, "/en")
    assert list(row)[:6] == ["Complaint number", "Type", "Channel", "Status", "Demands", "Company"]
    assert {"Mobile number", "Decision on acceptance due", "Written reply due", "Outcome", "Appeals"} <= set(
        row
    )
    with translation.override("en"):
        assert row["Type"] == ComplaintType.TELECOM.label
        assert row["Channel"] == Channel.HOTLINE.label
        assert row["Status"] == Status.RESOLVED.label
        assert row["Demands"] == Demand.REFUND.label
        assert row["Outcome"] == Outcome(complaint.outcome).label
    assert row["Complaint number"] == complaint.number
    assert row["Mobile number"] == "139****6925"
    assert "13912346925" not in content
    assert not CODES & {value for value in row.values()}
    assert not CODES & set(re.split(r"[,\r\n]", content))  # not a heading either


@pytest.mark.django_db
def test_the_export_is_in_the_platform_language_by_default(client, make_complaint, carol):
    make_complaint()
    client.force_login(carol)
    _content, [row] = export(client)
    assert {"受理决定截止日", "书面答复截止日"} <= set(row)  # headings translated already
    with translation.override("zh-hans"):
        status = str(Status.SUBMITTED.label)
    assert status != "Submitted" and row["状态"] == status


@pytest.mark.django_db
def test_message_headings_read_in_local_time(make_complaint):
    complaint = make_complaint()
    written = dt.datetime(2026, 11, 30, 17, 5, tzinfo=dt.UTC)  # 01:05 the next day in Shanghai
    message = ComplaintMessage.objects.create(
        complaint=complaint, kind="internal", body="已电话联系。", created_at=written
    )
    with translation.override("en"):
        assert str(ComplaintMessage.objects.get(pk=message.pk)) == "Internal note 2026-12-01 01:05"

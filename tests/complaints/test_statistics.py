"""Statistics against a small data set worked out by hand (September 2026: Sun 20 Sep is a
working day, Fri 25 Sep and 1–7 Oct are off, Sat 10 Oct is a working day). Deadline figures
count the steps taken in a period, from their clocks."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from chinese_calendar import constants
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from complaints.actors import ComplainantActor
from complaints.choices import ComplaintType
from complaints.deadlines import breach_report, deadlines_sweep
from complaints.models import Clock, Company, DeadlineRule
from complaints.services import complaint_transition
from complaints.statistics import Filters, Period, by_channel, by_type, figures, top_companies, trend
from tests.conftest import PARAMS
from tests.exports import post_export

D = dt.date
SEPTEMBER = Period(D(2026, 9, 1), D(2026, 9, 30))
OCTOBER = Period(D(2026, 10, 1), D(2026, 10, 31))
URL = "/admin/complaints/complaint/statistics/"
# Asia/Shanghai as a fixed offset: a ZoneInfo destination would change the process time zone.
CST = dt.timezone(dt.timedelta(hours=8))


def at(day):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=CST), tick=False)


@pytest.fixture
def data(make_complaint, carol, bob):
    x = Company.objects.create(name="X 公司")
    y = Company.objects.create(name="Y 公司")
    z = Company.objects.create(name="Z 公司")

    def step(complaint, day, name, **params):
        with at(day):
            complainant = name in ("appeal", "close_satisfied", "withdraw")
            actor = ComplainantActor(complaint.pk) if complainant else carol
            complaint_transition(
                complaint=complaint, name=name, actor=actor, **{**PARAMS.get(name, {}), **params}
            )

    def filed(day, company, **fields):
        with at(day):
            return make_complaint(
                company=company, occurred_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC), **fields
            )

    a = filed(D(2026, 9, 10), x, complaint_type="other", assignee=bob)
    step(a, D(2026, 9, 11), "accept")
    step(a, D(2026, 9, 11), "start")
    step(a, D(2026, 10, 9), "resolve")
    step(a, D(2026, 10, 10), "close_satisfied")

    b = filed(D(2026, 9, 15), x, channel="hotline", assignee=bob)  # telecom
    step(b, D(2026, 9, 30), "accept")
    step(b, D(2026, 9, 30), "start")
    step(b, D(2026, 10, 8), "request_information")
    step(b, D(2026, 10, 12), "resume")
    step(b, D(2026, 10, 20), "resolve")
    step(b, D(2026, 10, 21), "appeal")
    step(b, D(2026, 10, 22), "start_rereview")
    step(b, D(2026, 10, 23), "decide_appeal")

    c = filed(D(2026, 9, 20), y, complaint_type="other")
    step(c, D(2026, 9, 21), "reject")
    d = filed(D(2026, 9, 28), y, complaint_type="online_service", order_number="1", location_system="app")
    step(d, D(2026, 9, 29), "withdraw")
    e = filed(D(2026, 9, 29), x, complaint_type="other")
    step(e, D(2026, 9, 30), "accept")
    filed(D(2026, 10, 5), z, complaint_type="other")
    return {"x": x, "y": y, "a": a, "b": b, "e": e}


def steps(result):
    """{step: (ended, on time, on-time rate, median days, mean days)}."""
    return {step: tuple(values.values()) for step, values in result["steps"].items()}


@pytest.mark.django_db
def test_figures_worked_out_by_hand(data):
    with at(D(2026, 11, 25)):
        # The sweep marks what is late: E's reply, still owed, is breached but not given.
        assert deadlines_sweep()["breached"] > 0
        september = figures(Filters(SEPTEMBER))
        october = figures(Filters(OCTOBER))
    expected = {
        "received": 5,
        "accepted": 3,
        "rejected": 1,
        "resolved": 2,  # A and B: their written replies were given (in October)
        "withdrawn": 1,
        "resolution_rate": 66.7,
        "satisfaction_rate": 50.0,
        "appeal_rate": 50.0,
        # B's acceptance, due 21 Sep (telecom: 5 working days), decided on 30 Sep: recorded
        # as a breach when it was decided late.
        "breaches": 1,
        # A and B (the notice to both parties, due 19 and 29 Oct), E (reply due 27 Oct) and
        # the October complaint (acceptance due 15 Oct).
        "overdue_now": 4,
    }
    assert {key: september[key] for key in expected} == expected
    # Decided in September: A (11 Sep, 1 working day), B (30 Sep, 11, late), C (21 Sep, 1),
    # E (30 Sep, 1). No written reply was given in September.
    assert steps(september) == {
        "acceptance": (4, 3, 75.0, 1.0, 3.5),
        "reply": (0, 0, None, None, None),
        "mediation": (0, 0, None, None, None),
        "review": (0, 0, None, None, None),
        "notice": (0, 0, None, None, None),
    }
    assert (september["acceptance_on_time_rate"], september["reply_on_time_rate"]) == (75.0, None)
    # In October: A's reply on 9 Oct (15 working days from acceptance), B's on 20 Oct (7: from
    # 30 Sep, less 9, 10 and 12 Oct waiting for the complainant), both on time, ending mediation;
    # B's appeal decided on 23 Oct (2 working days). Nobody recorded the notice to both parties.
    assert steps(october) == {
        "acceptance": (0, 0, None, None, None),
        "reply": (2, 2, 100.0, 11.0, 11.0),
        "mediation": (2, 2, 100.0, 11.0, 11.0),
        "review": (1, 1, 100.0, 2.0, 2.0),
        "notice": (0, 0, None, None, None),
    }
    assert (october["reply_on_time_rate"], october["reply_median_days"], october["breaches"]) == (
        100.0,
        11.0,
        0,
    )


@pytest.mark.django_db
def test_distributions_and_trend(data):
    filters = Filters(SEPTEMBER)
    with translation.override("en"):
        assert dict(by_type(filters))["Other"] == 3
        assert dict(by_channel(filters))["Hotline"] == 1
    assert sorted(n for _label, n in by_type(filters) if n) == [1, 1, 3]
    assert sorted(n for _label, n in by_channel(filters) if n) == [1, 4]
    assert top_companies(filters) == [("X 公司", 3), ("Y 公司", 2)]
    months = trend(Filters(Period(D(2026, 10, 1), D(2026, 10, 31))))
    assert len(months) == 12 and months[0][0] == D(2025, 11, 1)
    assert months[-2:] == [(D(2026, 9, 1), 5, 2), (D(2026, 10, 1), 1, 0)]


@pytest.mark.django_db
def test_filters(data):
    by_company = figures(Filters(SEPTEMBER, company_id=data["y"].pk))
    assert (by_company["received"], by_company["rejected"], by_company["withdrawn"]) == (2, 1, 1)
    assert by_company["resolution_rate"] is None
    # C decided on time; D's clock was cancelled by the withdrawal: not a decision.
    assert steps(by_company)["acceptance"] == (1, 1, 100.0, 1.0, 1.0)
    assert by_company["breaches"] == 0
    telecom = figures(Filters(SEPTEMBER, complaint_type="telecom"))
    assert (telecom["received"], telecom["resolved"], telecom["appeal_rate"]) == (1, 1, 100.0)
    assert steps(telecom)["acceptance"] == (1, 0, 0.0, 11.0, 11.0)
    assert telecom["breaches"] == 1
    hotline = figures(Filters(SEPTEMBER, channel="hotline"))
    assert hotline["received"] == 1
    assert steps(figures(Filters(OCTOBER, channel="web")))["reply"] == (1, 1, 100.0, 15.0, 15.0)


@pytest.mark.django_db
def test_past_months_stay_as_they_were_after_a_rule_change_and_a_calendar_change(
    data, monkeypatch, recount_here
):
    def past_months():
        with at(D(2026, 11, 25)):
            return [figures(Filters(SEPTEMBER)), figures(Filters(OCTOBER)), trend(Filters(OCTOBER))]

    before = past_months()
    # Rules edited: under these, B's late acceptance would have been on time, and both written
    # replies (15 and 7 working days) late.
    DeadlineRule.objects.filter(kind="acceptance", complaint_type="").update(days=1)
    DeadlineRule.objects.filter(kind="acceptance", complaint_type="telecom").update(days=30)
    DeadlineRule.objects.filter(kind="reply").update(days=3, unit="working")
    assert past_months() == before
    # The official calendar corrected: Wed 16 Sep (inside A's and B's acceptance) and Tue
    # 13 Oct (inside E's running reply) become days off.
    reply = Clock.objects.get(complaint=data["e"], step="reply", ended_at=None)
    assert reply.due == D(2026, 10, 27)
    monkeypatch.setitem(constants.holidays, D(2026, 9, 16), "test")
    monkeypatch.setitem(constants.holidays, D(2026, 10, 13), "test")
    with at(D(2026, 11, 25)), recount_here(execute=True):
        call_command("load_calendar", verbosity=0)
    reply.refresh_from_db()
    assert reply.due == D(2026, 10, 28)  # the change reached the running clock
    assert past_months() == before


def section(html, start, end="</div>"):
    return html.split(start, 1)[1].split(end, 1)[0]


@pytest.mark.django_db
def test_page_for_supervisors_only(client, data, bob, carol):
    client.force_login(bob)
    assert client.get(URL).status_code == 403
    client.force_login(carol)
    page = client.get(URL, {"start": "2026-09-01", "end": "2026-09-30"})
    assert page.status_code == 200
    html = page.content.decode()
    charts = [svg.split("</svg>")[0] for svg in html.split("<svg")[1:] if 'class="pygal-chart"' in svg[:300]]
    assert len(charts) == 4
    assert all("<script" not in chart for chart in charts)
    assert "X 公司" in html
    with translation.override(page.wsgi_request.LANGUAGE_CODE):
        shown = {str(label): value for label, value in page.context["figures"]}
        assert shown[gettext("On-time acceptance decisions")] == 75.0
        assert shown[gettext("Replies on time")] is None
        acceptance = str(DeadlineRule.Kind.ACCEPTANCE.label)
    row = section(html, f'<th scope="row">{acceptance}</th>', "</tr>")
    assert row == "<td>4</td><td>3</td><td>75.0</td><td>1.0</td><td>3.5</td>"
    changelist = client.get(reverse("admin:complaints_complaint_changelist")).content.decode()
    assert URL in changelist


@pytest.mark.django_db
def test_figure_exports_read_back(client, data, carol):
    client.force_login(carol)
    query = {"start": "2026-09-01", "end": "2026-09-30"}
    csv_file = client.get(URL, {**query, "export": "csv"})
    assert csv_file["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig"))))
    values = {row[0]: row[1] for row in rows if len(row) == 2}
    assert any(v == "5" for v in values.values())
    assert ["bob", "1"] in rows  # B's late acceptance, by its handler
    xlsx = client.get(URL, {**query, "export": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    figures_sheet = book.worksheets[0]
    assert [c.value for c in figures_sheet[2]][1] == 5  # first figure: received
    companies = book.worksheets[3]
    assert [[c.value for c in row] for row in companies.iter_rows(min_row=2)] == [
        ["X 公司", 3],
        ["Y 公司", 2],
    ]
    step_rows = [[c.value for c in row][1:] for row in book.worksheets[5].iter_rows(min_row=2)]
    assert step_rows[0] == [4, 3, 75.0, 1, 3.5]  # the acceptance decision
    by_company = book.worksheets[8]
    assert [[c.value for c in row] for row in by_company.iter_rows(min_row=2)] == [["X 公司", 1]]


@pytest.mark.django_db
def test_a_missed_acceptance_is_in_the_breach_report_and_on_the_page(
    make_complaint, drive, client, bob, carol
):
    w = Company.objects.create(name="W 公司")
    with at(D(2026, 11, 2)):  # Monday: 7 working days to decide, up to 11 Nov
        late = make_complaint(company=w, complaint_type="other", assignee=bob)
        in_time = make_complaint(company=w, complaint_type="other", assignee=bob)
    with at(D(2026, 11, 3)):
        drive(in_time, "accept")
    november = (D(2026, 11, 1), D(2026, 11, 30))
    with at(D(2026, 11, 11)):
        deadlines_sweep()  # due today: not late yet
    assert breach_report(*november)["total"] == 0
    with at(D(2026, 11, 12)):
        deadlines_sweep()
    with at(D(2026, 11, 13)):
        drive(late, "accept")  # decided late: one breach, already recorded
    report = breach_report(*november)
    assert report["total"] == 1
    assert [(row["handler__username"], row["n"]) for row in report["by_handler"]] == [("bob", 1)]
    assert [(row["complaint_type"], row["n"]) for row in report["by_type"]] == [("other", 1)]
    assert [(row["company__name"], row["n"]) for row in report["by_company"]] == [("W 公司", 1)]
    assert [row["n"] for row in report["by_month"]] == [1]
    assert breach_report(D(2026, 12, 1), D(2026, 12, 31))["total"] == 0

    client.force_login(carol)
    with at(D(2026, 11, 25)):
        page = client.get(URL, {"start": "2026-11-01", "end": "2026-11-30"})
        telecom = client.get(URL, {"start": "2026-11-01", "end": "2026-11-30", "complaint_type": "telecom"})
    html = page.content.decode()
    with translation.override(page.wsgi_request.LANGUAGE_CODE):
        other, acceptance = str(ComplaintType.OTHER.label), str(DeadlineRule.Kind.ACCEPTANCE.label)
        breaches = gettext("Breaches")
    assert dict((str(k), v) for k, v in page.context["figures"])[breaches] == 1
    report_html = section(html, 'class="charts breaches">')
    for shown in ('<th scope="row">bob</th><td>1</td>', f'<th scope="row">{other}</th><td>1</td>'):
        assert shown in report_html
    assert '<th scope="row">W 公司</th><td>1</td>' in report_html
    assert '<th scope="row">2026-11</th><td>1</td>' in report_html
    # Both decisions were taken in November, one of them late.
    assert section(html, f'<th scope="row">{acceptance}</th>', "</tr>").startswith(
        "<td>2</td><td>1</td><td>50.0</td>"
    )
    # Filtered to telecom: no breach among its complaints, in the figures and in the report.
    assert dict((str(k), v) for k, v in telecom.context["figures"])[breaches] == 0
    assert telecom.context["breach_report"]["total"] == 0


@pytest.mark.django_db
def test_complaint_list_export_reads_back(client, data, carol, bob):
    client.force_login(bob)
    assert client.get(reverse("admin:complaints_complaint_export")).status_code == 403
    client.force_login(carol)
    response = post_export(
        client, reverse("admin:complaints_complaint_export") + f"?company__id__exact={data['y'].pk}"
    )
    assert response.status_code == 200, response.content[:500]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and {r["企业"] for r in rows} == {"Y 公司"}
    assert all("*" in r["手机号码"] for r in rows)


@pytest.mark.django_db
def test_monthly_report_on_the_first_working_day(data, carol):
    from notifications.models import Notice
    from notifications.tasks import monthly_report

    carol.email = "carol@example.com"
    carol.save()
    with at(D(2026, 10, 2)):  # National Day: not a working day
        assert monthly_report() == 0
    with at(D(2026, 10, 8)):  # the first working day of October
        assert monthly_report() == 1
        assert monthly_report() == 1  # run twice: still one email
    with at(D(2026, 10, 9)):
        assert monthly_report() == 0
    [notice] = Notice.objects.filter(event="monthly_report")
    assert notice.recipient == "carol@example.com" and "2026-09" in notice.subject
    assert "start=2026-09-01&end=2026-09-30" in notice.body and "X 公司: 3" in notice.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end"),
    [("0001-01-01", "0001-01-31"), ("1000-01-01", "2026-01-31"), ("2026-01-01", "9999-12-31")],
)
def test_a_period_out_of_range_is_refused_with_a_message(client, carol, start, end):
    client.force_login(carol)
    with at(D(2026, 11, 30)):
        response = client.get(URL, {"start": start, "end": end})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "figures" not in response.context

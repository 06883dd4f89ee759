"""Statistics against a small data set worked out by hand (September 2026: Sun 20 Sep is a
working day, Fri 25 Sep and 1–7 Oct are off, Sat 10 Oct is a working day)."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from complaints.actors import ComplainantActor
from complaints.models import Company
from complaints.services import complaint_transition
from complaints.statistics import Filters, Period, by_channel, by_type, figures, top_companies, trend
from tests.conftest import PARAMS

D = dt.date
SEPTEMBER = Period(D(2026, 9, 1), D(2026, 9, 30))
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
    return {"x": x, "y": y, "a": a, "b": b}


@pytest.mark.django_db
def test_figures_worked_out_by_hand(data):
    data["a"].refresh_from_db()
    data["b"].refresh_from_db()
    assert data["a"].handling_working_days == 16  # 10 Sep → 9 Oct
    assert data["b"].handling_working_days == 18  # 15 Sep → 20 Oct, less 9, 10 and 12 Oct paused
    with at(D(2026, 11, 25)):
        result = figures(Filters(SEPTEMBER))
    expected = {
        "received": 5,
        "accepted": 3,
        "rejected": 1,
        "resolved": 2,
        "withdrawn": 1,
        "resolution_rate": 66.7,
        "median_days": 17.0,
        "mean_days": 17.0,
        "acceptance_on_time_rate": 75.0,  # B decided on 30 Sep, due 21 Sep (telecom: 5 days)
        "reply_on_time_rate": 100.0,
        "mediation_on_time_rate": 100.0,
        "review_on_time_rate": 100.0,
        "satisfaction_rate": 50.0,
        "appeal_rate": 50.0,
        "overdue_now": 2,  # E (reply due 27 Oct) and the October complaint (acceptance due 15 Oct)
    }
    assert {key: result[key] for key in expected} == expected


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
    telecom = figures(Filters(SEPTEMBER, complaint_type="telecom"))
    assert (telecom["received"], telecom["resolved"], telecom["appeal_rate"]) == (1, 1, 100.0)
    hotline = figures(Filters(SEPTEMBER, channel="hotline"))
    assert hotline["received"] == 1


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
    assert dict((str(k), v) for k, v in page.context["figures"])
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
    xlsx = client.get(URL, {**query, "export": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    figures_sheet = book.worksheets[0]
    assert [c.value for c in figures_sheet[2]][1] == 5  # first figure: received
    companies = book.worksheets[3]
    assert [[c.value for c in row] for row in companies.iter_rows(min_row=2)] == [
        ["X 公司", 3],
        ["Y 公司", 2],
    ]


@pytest.mark.django_db
def test_complaint_list_export_reads_back(client, data, carol, bob):
    client.force_login(bob)
    assert client.get(reverse("admin:complaints_complaint_export")).status_code == 403
    client.force_login(carol)
    form_page = client.get(
        reverse("admin:complaints_complaint_export") + f"?company__id__exact={data['y'].pk}"
    )
    form = form_page.context["form"]
    formats = dict(form.fields["format"].choices)
    csv_index = next(k for k, v in formats.items() if str(v).lower() == "csv")
    post = {"format": csv_index, "export_items": [], "resource": 0}
    for name in form.fields:
        if name.startswith("complaintresource_"):
            post[name] = "on"
    response = client.post(
        reverse("admin:complaints_complaint_export") + f"?company__id__exact={data['y'].pk}", post
    )
    assert response.status_code == 200, response.content[:500]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and {r["company"] for r in rows} == {"Y 公司"}
    assert all("*" in r["complainant_phone"] for r in rows)


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

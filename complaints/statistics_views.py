"""The supervisors' statistics page in the admin, and its export."""

import datetime as dt

import tablib
from csp.decorators import csp_update
from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.db_router import statistics_reads

from . import charts, statistics
from .choices import Channel, ComplaintType
from .deadlines import breach_report
from .models import Company, Complaint, DeadlineRule
from .validators import EARLIEST_DATE

FIGURE_LABELS = [
    ("received", gettext_lazy("Received")),
    ("accepted", gettext_lazy("Accepted")),
    ("rejected", gettext_lazy("Not accepted")),
    ("resolved", gettext_lazy("Resolved (first result given)")),
    ("withdrawn", gettext_lazy("Withdrawn")),
    # xgettext:no-python-format
    ("resolution_rate", gettext_lazy("Resolution rate (% of accepted)")),
    ("acceptance_on_time_rate", gettext_lazy("On-time acceptance decisions")),
    ("reply_on_time_rate", gettext_lazy("Replies on time")),
    ("acceptance_median_days", gettext_lazy("Median working days to the acceptance decision")),
    ("acceptance_mean_days", gettext_lazy("Mean working days to the acceptance decision")),
    ("reply_median_days", gettext_lazy("Median working days to the written reply")),
    ("reply_mean_days", gettext_lazy("Mean working days to the written reply")),
    ("mediation_on_time_rate", gettext_lazy("Mediation ended on time (%)")),
    ("review_on_time_rate", gettext_lazy("Appeal decided on time (%)")),
    ("notice_on_time_rate", gettext_lazy("Both parties told on time (%)")),
    ("breaches", gettext_lazy("Breaches")),
    ("overdue_now", gettext_lazy("Overdue now")),
    # xgettext:no-python-format
    ("satisfaction_rate", gettext_lazy("Satisfaction rate (% of rated)")),
    # xgettext:no-python-format
    ("appeal_rate", gettext_lazy("Appeal rate (% of resolved)")),
]


ISO_DATE = "%Y-%m-%d"


def _latest_period_day():
    return timezone.localdate() + dt.timedelta(days=366)


def _period_day(label):
    """A period's first or last day: a year ahead at most (the trend counts back a year)."""
    return forms.DateField(
        label=label,
        # A date input takes and shows only ISO dates, whatever the language's own format.
        widget=forms.DateInput(format=ISO_DATE, attrs={"type": "date"}),
        validators=[MinValueValidator(EARLIEST_DATE), MaxValueValidator(_latest_period_day)],
    )


class StatisticsForm(forms.Form):
    start = _period_day(gettext_lazy("From"))
    end = _period_day(gettext_lazy("To"))
    complaint_type = forms.ChoiceField(
        label=gettext_lazy("Type"), required=False, choices=[("", "—"), *ComplaintType.choices]
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"), required=False, choices=[("", "—"), *Channel.choices]
    )
    company = forms.ModelChoiceField(
        label=gettext_lazy("Company"), required=False, queryset=Company.objects.all()
    )

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        company = self.fields["company"]
        company.widget = AutocompleteSelect(Complaint._meta.get_field("company"), admin_site)
        company.widget.choices = company.choices

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end is before the start."))
        return data

    def filters(self):
        data = self.cleaned_data
        company = data.get("company")
        return statistics.Filters(
            statistics.Period(data["start"], data["end"]),
            data.get("complaint_type") or "",
            company.pk if company else None,
            data.get("channel") or "",
        )


def step_rows(figures):
    """(step name, ended, on time, on-time rate, median days, mean days) for each step staff owe."""
    return [
        (DeadlineRule.Kind(step).label, *(values[name] for name in statistics.STEP_FIGURES))
        for step, values in figures["steps"].items()
    ]


def _handler_name(row):
    full = f"{row['handler__first_name'] or ''} {row['handler__last_name'] or ''}".strip()
    return full or row["handler__username"] or _("No handler")


def _at_breach(filters):
    """The page's filters on the breaches: type and company as recorded at the breach."""
    where = Q()
    if filters.complaint_type:
        where &= Q(complaint_type=filters.complaint_type)
    if filters.company_id:
        where &= Q(company_id=filters.company_id)
    if filters.channel:
        where &= Q(clock__complaint__channel=filters.channel)
    return where


def breach_rows(filters):
    """The breach report of the period, as rows to show: by handler, type, company and month."""
    found = breach_report(filters.period.start, filters.period.end, where=_at_breach(filters))
    zone = timezone.get_current_timezone()
    types = dict(ComplaintType.choices)
    return {
        "total": found["total"],
        "by_handler": [(_handler_name(row), row["n"]) for row in found["by_handler"]],
        "by_type": [
            (types.get(row["complaint_type"], row["complaint_type"]), row["n"]) for row in found["by_type"]
        ],
        "by_company": [(row["company__name"], row["n"]) for row in found["by_company"]],
        "by_month": [(timezone.localtime(row["month"], zone).date(), row["n"]) for row in found["by_month"]],
    }


def report(filters):
    """Everything the page, the export and the monthly email show (from the replica, if any)."""
    with statistics_reads():
        found = statistics.Statistics(filters)
        figures = found.figures()
        return {
            "figures": [(label, figures[key]) for key, label in FIGURE_LABELS],
            "raw": figures,
            "steps": step_rows(figures),
            "breach_report": breach_rows(filters),
            "by_type": found.by_type(),
            "by_channel": found.by_channel(),
            "top_companies": statistics.top_companies(filters),
            "trend": found.trend(),
        }


def period_data(query):
    """The page's filters as asked for, this month when no period was asked for: the form
    shows the period the page reports."""
    if "start" in query or "end" in query:
        return query
    this_month = statistics.Period.month_of(timezone.localdate())
    return {
        **query.dict(),
        "start": format(this_month.start, ISO_DATE),
        "end": format(this_month.end, ISO_DATE),
    }


# The charts are SVG drawn by pygal, styled by their own inline CSS (never script).
@csp_update({"style-src": ["'unsafe-inline'"]})
def statistics_view(request, admin_site):
    if not request.user.has_perm("complaints.view_statistics"):
        raise PermissionDenied
    form = StatisticsForm(period_data(request.GET), admin_site=admin_site)
    context = {**admin_site.each_context(request), "title": _("Complaint statistics"), "form": form}
    if form.is_valid():
        filters = form.filters()
        result = report(filters)
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            return export_response(result, filters, export)
        result["charts"] = {
            "type": charts.bar(_("Complaints by type"), result["by_type"]),
            "channel": charts.pie(_("Complaints by channel"), result["by_channel"]),
            "companies": charts.bar(_("Companies with the most complaints"), result["top_companies"]),
            "trend": charts.line(
                _("Received and resolved, last 12 months"),
                [m for m, _r, _s in result["trend"]],
                [
                    (_("Received"), [r for _m, r, _s in result["trend"]]),
                    (_("Resolved"), [s for _m, _r, s in result["trend"]]),
                ],
            ),
        }
        context.update(result)
        context["query"] = request.GET.urlencode() or f"start={filters.period.start}&end={filters.period.end}"
    return TemplateResponse(request, "admin/complaints/statistics.html", context)


STEP_HEADERS = [
    gettext_lazy("Step"),
    gettext_lazy("Ended"),
    gettext_lazy("On time"),
    gettext_lazy("On time (%)"),
    gettext_lazy("Median working days"),
    gettext_lazy("Mean working days"),
]


def _breach_sheets(breaches):
    return [
        (_("Breaches by handler"), [_("Handler"), _("Breaches")], breaches["by_handler"]),
        (_("Breaches by type"), [_("Type"), _("Breaches")], [(str(k), v) for k, v in breaches["by_type"]]),
        (_("Breaches by company"), [_("Company"), _("Breaches")], breaches["by_company"]),
        (
            _("Breaches by month"),
            [_("Month"), _("Breaches")],
            [(m.strftime("%Y-%m"), n) for m, n in breaches["by_month"]],
        ),
    ]


def _sheets(result):
    return [
        (_("Figures"), [_("Figure"), _("Value")], [(str(k), v) for k, v in result["figures"]]),
        (_("By type"), [_("Type"), _("Complaints")], [(str(k), v) for k, v in result["by_type"]]),
        (_("By channel"), [_("Channel"), _("Complaints")], [(str(k), v) for k, v in result["by_channel"]]),
        (_("Top companies"), [_("Company"), _("Complaints")], result["top_companies"]),
        (
            _("Trend"),
            [_("Month"), _("Received"), _("Resolved")],
            [(m.strftime("%Y-%m"), r, s) for m, r, s in result["trend"]],
        ),
        (_("Steps"), STEP_HEADERS, [(str(label), *rest) for label, *rest in result["steps"]]),
        *_breach_sheets(result["breach_report"]),
    ]


def export_response(result, filters, kind):
    book = tablib.Databook()
    sheets = _sheets(result)
    datasets = []
    for title, headers, rows in sheets:
        dataset = tablib.Dataset(*rows, headers=[str(h) for h in headers], title=str(title)[:31])
        datasets.append(dataset)
        book.add_sheet(dataset)
    name = f"complaint-statistics-{filters.period.start}-{filters.period.end}"
    if kind == "xlsx":
        content = book.export("xlsx")
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = "\r\n".join(f"# {d.title}\r\n{d.export('csv')}" for d in datasets).encode("utf-8-sig")
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def previous_month(today=None):
    today = today or timezone.localdate()
    return statistics.Period.month_of(today.replace(day=1) - dt.timedelta(days=1))

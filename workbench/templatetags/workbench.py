from django import template
from django.urls import reverse

from workbench import queues

register = template.Library()


@register.inclusion_tag("workbench/queues.html", takes_context=True)
def staff_queues(context):
    """The signed-in staff member's queues, with their counts, each opening the list filtered."""
    request = context["request"]
    if not request.user.has_perm("complaints.view_complaint"):
        return {"queues": []}
    changelist = reverse("admin:complaints_complaint_changelist")
    dashboard = request.user.has_perm("complaints.view_statistics")
    return {
        "dashboard_url": reverse("admin:complaints_complaint_dashboard") if dashboard else None,
        "saved_views": list(request.user.saved_views.all()),
        "csrf_token": context.get("csrf_token"),
        "queues": [
            (name, label, count, f"{changelist}?queue={name}")
            for name, label, count in queues.counts(request.user)
        ],
    }

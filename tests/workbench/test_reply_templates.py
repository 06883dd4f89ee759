"""Reply templates per type and outcome, with placeholders, and a preview of exactly what the
complainant will receive before the action is taken."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from complaints.models import Complaint
from notifications.models import Notice
from workbench.models import ReplyTemplate


def resolve_url(complaint):
    return reverse(
        "admin:complaints_complaint_transition",
        kwargs={"object_id": complaint.pk, "transition_name": "resolve"},
    )


@pytest.fixture
def template(db):
    return ReplyTemplate.objects.create(
        name="退费成功",
        use="resolve",
        complaint_type="",
        outcome="mediated",
        language="zh-hans",
        body="{name}您好：您于{filed_on}提交的投诉（{number}）经协调，{company}已同意退费。经办人：{handler}",
    )


@pytest.mark.django_db
def test_a_handler_starts_the_reply_from_a_template_and_previews_it_before_resolving(
    client, complaint_in, bob, template
):
    complaint = complaint_in(
        "in_progress", assignee=bob, contact_preference="both", complainant_email="z@example.cn"
    )
    other_language = ReplyTemplate.objects.create(name="EN", use="resolve", language="en", body="Dear {name}")
    client.force_login(bob)
    page = client.get(resolve_url(complaint), {"template": template.pk})
    html = page.content.decode()
    assert other_language.name not in html.split('name="template"')[1].split("</select>")[0]
    form = page.context["transition_form"]
    filed_on = complaint.submitted_at.astimezone().date().isoformat()
    expected = (
        f"张三您好：您于{filed_on}提交的投诉（{complaint.number}）经协调，"
        f"{complaint.company.name}已同意退费。经办人：bob"
    )
    assert form.initial["reply"] == expected and form.initial["outcome"] == "mediated"
    data = {"version": complaint.version, "outcome": "mediated", "reply": expected, "note": "内部：已核实"}
    preview = client.post(resolve_url(complaint), {**data, "_preview": "1"})
    shown = preview.content.decode()
    assert preview.status_code == 200 and expected in shown and "内部：已核实" in shown  # the form keeps it
    assert not preview.context["transition_form"].errors, preview.context["transition_form"].errors
    channels = dict((str(c), (s, t)) for c, s, t in preview.context["preview"])
    assert expected in channels["电子邮件"][1] and complaint.number in channels["短信"][1]
    assert complaint.access_token not in shown
    assert (
        Complaint.objects.get(pk=complaint.pk).status == "in_progress"
        and not Notice.objects.filter(event="resolved").exists()
    )
    assert client.post(resolve_url(complaint), data).status_code == 302
    email = Notice.objects.get(complaint=complaint, event="resolved", channel="email")
    assert email.body.replace(complaint.access_token, "").count(expected) == 1


def test_unknown_placeholders_are_refused_with_their_names():
    template = ReplyTemplate(
        name="x", use="resolve", language="en", body="Dear {name}, see {link} and {numbr}"
    )
    with pytest.raises(ValidationError) as error:
        template.clean()
    assert "{link}, {numbr}" in str(error.value)


@pytest.mark.django_db
def test_only_supervisors_edit_the_templates(client, bob, carol):
    client.force_login(bob)
    assert client.get(reverse("admin:workbench_replytemplate_add")).status_code == 403
    assert client.get(reverse("admin:workbench_replytemplate_changelist")).status_code == 200
    client.force_login(carol)
    assert client.get(reverse("admin:workbench_replytemplate_add")).status_code == 200

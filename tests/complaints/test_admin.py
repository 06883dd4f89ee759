"""Staff triage through the Django admin, as each role sees it."""

import ast
import datetime as dt
import pathlib
import re

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_fsm.admin import FSMAdminMixin

import complaints
from complaints.choices import ComplaintType, Status
from complaints.models import Complaint, ComplaintMessage

BUTTON = re.compile(r'class="button case-action" href="[^"]+" data-action="(\w+)"')


def change_url(complaint):
    return reverse("admin:complaints_complaint_change", args=[complaint.pk])


def facts_url(complaint):
    return reverse("admin:complaints_complaint_facts", args=[complaint.pk])


def transition_url(complaint, name):
    return reverse(
        "admin:complaints_complaint_transition", kwargs={"object_id": complaint.pk, "transition_name": name}
    )


def buttons(client, complaint):
    response = client.get(change_url(complaint))
    assert response.status_code == 200
    return set(BUTTON.findall(response.content.decode()))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "state", "expected"),
    [
        ("alice", "submitted", {"accept", "reject", "withdraw"}),
        ("bob", "submitted", {"withdraw"}),
        ("carol", "submitted", {"accept", "reject", "withdraw"}),
        ("alice", "in_progress", {"withdraw"}),
        ("bob", "in_progress", {"request_information", "resolve", "withdraw", "forward_to_company"}),
        ("bob", "appealed", {"withdraw"}),
        ("carol", "appealed", {"start_rereview", "withdraw"}),
        ("carol", "resolved", {"appeal", "close_satisfied", "record_notice"}),
        ("carol", "closed", {"record_notice"}),
    ],
)
def test_buttons_only_for_allowed_transitions(who, state, expected, request, client, complaint_in, bob):
    user = request.getfixturevalue(who)
    complaint = complaint_in(state, assignee=bob)
    client.force_login(user)
    assert buttons(client, complaint) == expected


@pytest.mark.django_db
def test_each_role_works_a_complaint_through_the_buttons(client, make_complaint, alice, bob, carol):
    complaint = make_complaint()

    def press(user, name, **data):
        client.force_login(user)
        form_page = client.get(transition_url(complaint, name))
        assert form_page.status_code == 200
        version = form_page.context["transition_form"]["version"].value()
        response = client.post(transition_url(complaint, name), {"version": version, **data}, follow=True)
        assert response.status_code == 200
        complaint.refresh_from_db()
        return response

    press(alice, "accept", note="材料齐全")
    assert complaint.status == Status.ACCEPTED
    Complaint.objects.filter(pk=complaint.pk).update(assignee=bob)
    press(bob, "start")
    press(bob, "resolve", outcome="mediated", reply="企业已退款。")
    assert complaint.status == Status.RESOLVED
    press(carol, "appeal", reason="未赔偿")
    press(carol, "start_rereview")
    response = press(carol, "decide_appeal", outcome="not_supported", reply="维持原意见。")
    assert complaint.status == Status.RESOLVED
    assert "维持原意见。" in complaint.messages.values_list("body", flat=True)
    assert response.redirect_chain[-1][0] == change_url(complaint)


@pytest.mark.django_db
def test_transition_form_requires_its_note(client, complaint_in, bob):
    complaint = complaint_in("in_progress", assignee=bob)
    client.force_login(bob)
    response = client.post(
        transition_url(complaint, "resolve"),
        {"version": complaint.version, "outcome": "mediated", "reply": ""},
    )
    assert response.status_code == 200
    assert response.context["transition_form"].errors["reply"]
    complaint.refresh_from_db()
    assert complaint.status == Status.IN_PROGRESS


@pytest.mark.django_db
def test_forbidden_transition_through_the_admin_changes_nothing(client, make_complaint, bob):
    complaint = make_complaint()
    client.force_login(bob)
    response = client.post(transition_url(complaint, "accept"), {"version": complaint.version}, follow=True)
    assert "不能" in response.content.decode() or "not possible" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.SUBMITTED


@pytest.mark.django_db
def test_two_staff_pressing_at_once(client, make_complaint, alice, carol):
    complaint = make_complaint()
    client.force_login(alice)
    alice_saw = client.get(transition_url(complaint, "reject")).context["transition_form"]["version"].value()
    client.force_login(carol)
    client.post(transition_url(complaint, "accept"), {"version": complaint.version})
    client.force_login(alice)
    response = client.post(
        transition_url(complaint, "reject"), {"version": alice_saw, "reason": "duplicate"}, follow=True
    )
    page = response.content.decode()
    assert "This complaint changed meanwhile" in page or "已被他人修改" in page
    complaint.refresh_from_db()
    assert complaint.status == Status.ACCEPTED
    assert complaint.rejection_reason == ""


def _change_form_data(response):
    """The fields of the admin change form as the browser would submit them."""
    form = response.context["adminform"].form
    data = {}
    for name, _field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = str(value)
    data["occurred_at_0"], data["occurred_at_1"] = (
        form["occurred_at"].value().strftime("%Y-%m-%d %H:%M:%S").split()
    )
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
    return data


@pytest.mark.django_db
def test_two_staff_editing_at_once(client, make_complaint, alice, carol):
    complaint = make_complaint()
    client.force_login(alice)
    alice_form = _change_form_data(client.get(facts_url(complaint)))
    client.force_login(carol)
    carol_form = _change_form_data(client.get(facts_url(complaint)))
    carol_form["complainant_name"] = "张三丰"
    assert client.post(change_url(complaint), carol_form).status_code == 302
    client.force_login(alice)
    alice_form["complainant_name"] = "张三(已核实)"
    response = client.post(change_url(complaint), alice_form)
    assert response.status_code == 200
    assert "changed meanwhile" in str(
        response.context["adminform"].form.non_field_errors()
    ) or "已被他人修改" in str(response.context["adminform"].form.non_field_errors())
    complaint.refresh_from_db()
    assert complaint.complainant_name == "张三丰"


@pytest.mark.django_db
def test_internal_note_and_reply_are_kept_apart(client, make_complaint, bob):
    complaint = make_complaint()
    client.force_login(bob)
    write = reverse("admin:complaints_complaint_write", args=[complaint.pk])
    for kind, body in (("internal", "企业联系人电话未接通"), ("reply", "已转企业处理，请耐心等待。")):
        complaint.refresh_from_db()
        assert (
            client.post(write, {"kind": kind, "body": body, "version": complaint.version}).status_code == 302
        )
    messages = {m.body: m for m in complaint.messages.all()}
    assert messages["企业联系人电话未接通"].kind == ComplaintMessage.Kind.INTERNAL
    assert not messages["企业联系人电话未接通"].is_public
    assert messages["已转企业处理，请耐心等待。"].is_public
    assert {m.author for m in messages.values()} == {bob}
    case = client.get(change_url(complaint)).content.decode()
    note = case[case.index("企业联系人电话未接通") - 400 : case.index("企业联系人电话未接通")]
    assert "entry-internal" in note and "internal-tag" in note


@pytest.mark.django_db
def test_a_handler_cannot_edit_the_facts_but_an_intake_officer_can(client, make_complaint, bob, alice):
    complaint = make_complaint()
    client.force_login(bob)
    assert client.get(facts_url(complaint)).status_code == 403
    assert "修改事实" not in client.get(change_url(complaint)).content.decode()
    client.force_login(alice)
    data = _change_form_data(client.get(facts_url(complaint)))
    data["complainant_name"] = "张三丰"
    assert client.post(facts_url(complaint), data)["Location"] == change_url(complaint)
    case = client.get(change_url(complaint)).content.decode()
    assert "修改了事实" in case and "张三 → 张三丰" in case


@pytest.mark.django_db
def test_bulk_assignment(client, make_complaint, alice, bob):
    complaints = [make_complaint() for _ in range(3)]
    client.force_login(alice)
    response = client.post(
        reverse("admin:complaints_complaint_changelist"),
        {
            "action": "assign_selected",
            "assignee": bob.pk,
            "_selected_action": [c.pk for c in complaints[:2]],
        },
        follow=True,
    )
    assert response.status_code == 200
    assert [Complaint.objects.get(pk=c.pk).assignee for c in complaints] == [bob, bob, None]


@pytest.mark.django_db
def test_handlers_cannot_assign(client, make_complaint, bob, carol):
    complaint = make_complaint()
    client.force_login(bob)
    client.post(
        reverse("admin:complaints_complaint_changelist"),
        {
            "action": "assign_selected",
            "assignee": carol.pk,
            "_selected_action": [complaint.pk],
        },
    )
    complaint.refresh_from_db()
    assert complaint.assignee is None


@pytest.mark.django_db
def test_changelist_filters_and_search(client, make_complaint, alice, bob, time_machine):
    at = dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)
    time_machine.move_to(at, tick=False)
    late = make_complaint(
        complaint_type=ComplaintType.OTHER,
        complainant_phone="+8613912345678",
        occurred_at=at - dt.timedelta(days=1),
    )
    time_machine.move_to(at + dt.timedelta(days=18), tick=False)  # late was due on 11 November
    fresh = make_complaint(assignee=bob)
    client.force_login(alice)
    url = reverse("admin:complaints_complaint_changelist")

    def listed(query):
        response = client.get(url, query)
        assert response.status_code == 200
        return set(response.context["cl"].result_list)

    assert listed({"deadline": "overdue"}) == {late}
    assert listed({"assignee": str(bob.pk)}) == {fresh}
    assert listed({"assignee": "none"}) == {late}
    assert listed({"q": "139 1234 5678"}) == {late}
    assert listed({"q": late.number}) == {late}
    assert listed({"complaint_type__exact": "telecom"}) == {fresh}
    assert listed({"status__exact": "submitted"}) == {late, fresh}
    page = client.get(url).content.decode()
    assert "13912345678" not in page


@pytest.mark.django_db
def test_changelist_query_count_does_not_grow_with_page_size(client, make_complaint, carol, bob, monkeypatch):
    for i in range(60):
        make_complaint(assignee=bob if i % 2 else None)
    client.force_login(carol)
    model_admin = admin.site._registry[Complaint]
    url = reverse("admin:complaints_complaint_changelist")
    counts = {}
    for size in (5, 50):
        monkeypatch.setattr(model_admin, "list_per_page", size)
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len(response.context["cl"].result_list) == size
        counts[size] = len(queries)
    assert counts[5] == counts[50]
    assert counts[50] <= 12


@pytest.mark.django_db
def test_intake_officer_records_a_hotline_complaint(client, alice, company, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC), tick=False)
    client.force_login(alice)
    url = reverse("admin:complaints_complaint_add")
    page = client.get(url)
    assert page.status_code == 200
    data = {}
    data.update(
        {
            "complaint_type": "online_service",
            "channel": "hotline",
            "company": company.pk,
            "complainant_name": "王五",
            "complainant_phone": "13700137000",
            "contact_preference": "sms",
            "occurred_at_0": "2026-11-01",
            "occurred_at_1": "10:00:00",
            "observed": "退款未到账。",
            "demands": ["refund"],
            "order_number": "",
            "location_system": "某 App",
        }
    )
    for prefix in ("messages", "pauses", "django_fsm_log-statelog-content_type-object_id", "evidence"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "order_number" in response.context["adminform"].form.errors
    assert Complaint.objects.count() == 0
    data["order_number"] = "202611010001"
    response = client.post(url, data)
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.channel == "hotline" and complaint.status == Status.SUBMITTED
    assert complaint.number.startswith("TS-") and complaint.due.get("acceptance")


@pytest.mark.django_db
def test_change_page_shows_history_and_deadlines_in_chinese(client, complaint_in, bob, carol):
    complaint = complaint_in("in_progress", assignee=bob)
    client.force_login(carol)
    page = client.get(change_url(complaint)).content.decode()
    history = page[page.index('class="timeline"') :]
    assert "开始办理" in history and "受理" in history and "办理中" in history and "carol" in history
    assert "作出是否受理决定（自提交之日起算）" in page and "书面答复（自受理之日起算）" in page


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["delete", "save", "refresh_due_dates", "_record_result"])
def test_unknown_action_in_the_url_is_not_found(client, make_complaint, carol, name):
    complaint = make_complaint()
    client.force_login(carol)
    assert client.get(transition_url(complaint, name)).status_code == 404
    assert client.post(transition_url(complaint, name), {"version": complaint.version}).status_code == 404
    complaint.refresh_from_db()
    assert complaint.status == Status.SUBMITTED


@pytest.mark.django_db
def test_a_button_for_an_unknown_action_saves_the_form_and_changes_no_status(client, make_complaint, carol):
    complaint = make_complaint()
    client.force_login(carol)
    data = _change_form_data(client.get(facts_url(complaint)))
    response = client.post(change_url(complaint), {**data, "_fsm_transition_to": "delete"}, follow=True)
    assert response.status_code == 404
    complaint.refresh_from_db()
    assert complaint.status == Status.SUBMITTED


def test_the_admin_uses_no_private_part_of_django_fsm():
    """django-fsm-2 may rename its private helpers in any release."""
    private = {n for n in dir(FSMAdminMixin) if n.startswith("_") and not n.startswith("__")}
    for path in pathlib.Path(complaints.__file__).parent.glob("admin*.py"):
        tree = ast.parse(path.read_text())
        used = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        used |= {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert not used & private, path

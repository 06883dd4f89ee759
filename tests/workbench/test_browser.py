"""Each role works a case from its queue through the case view, in Chromium at 1,366 × 768:
the intake officer accepts and assigns, the handler starts, replies from a template after
previewing it and resolves, the supervisor (with a second factor) reads the case."""

from pathlib import Path

import pytest

from complaints.models import Complaint
from notifications.models import Notice
from tests.portal.conftest import CHROMIUM, SHOTS
from tests.portal.conftest import browser as browser  # noqa: F401
from tests.portal.conftest import page_factory as page_factory  # noqa: F401
from tests.staffaccess.browser import admin_sign_in
from workbench.models import ReplyTemplate

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


@pytest.fixture
def desk(page_factory):  # noqa: F811
    return lambda: page_factory(width=1366, height=768)


def open_queue(page, queue):
    page.goto("/admin/")
    page.click(f'.queues a[href$="?queue={queue}"]')
    page.click("#result_list tbody tr th a")  # the first (most urgent) complaint
    page.wait_for_selector(".case-head")


def take(page, action):
    page.click(f'[data-action="{action}"]')
    page.click("form[method=post] input.default")
    page.wait_for_selector(".case-head")


@pytest.mark.django_db(transaction=True)
def test_each_role_works_a_case_from_its_queue(desk, make_complaint, alice, bob, carol):
    complaint = make_complaint()
    ReplyTemplate.objects.create(
        name="调解成功",
        use="resolve",
        outcome="mediated",
        language="zh-hans",
        body="{name}您好：您的投诉（{number}）经调解，{company}同意退还多收费用。经办人：{handler}",
    )
    intake = desk()
    admin_sign_in(intake, "alice", "pw")
    open_queue(intake, "unassigned")
    take(intake, "accept")
    assert Complaint.objects.get(pk=complaint.pk).status == "accepted"
    intake.goto("/admin/complaints/complaint/?queue=unassigned")
    intake.check(f'input[name=_selected_action][value="{complaint.pk}"]')
    intake.select_option("select[name=action]", "assign_selected")
    intake.select_option("select[name=assignee]", str(bob.pk))
    intake.click("button[name=index]")
    intake.wait_for_selector(".messagelist")

    intake.goto("/admin/complaints/complaint/")
    fits = "(() => { const box = document.querySelector('.results');"
    fits += " return box.scrollWidth <= box.clientWidth"
    fits += " && document.querySelector('#result_list').getBoundingClientRect().right <= 1366; })()"
    intake.screenshot(path=str(SHOTS / "44-staff-list-1366.png"))
    assert intake.evaluate("document.scrollingElement.scrollWidth") <= 1366 and intake.evaluate(fits)

    handler = desk()
    admin_sign_in(handler, "bob", "pw")
    handler.goto("/admin/")
    handler.screenshot(path=str(SHOTS / "40-staff-index-1366.png"))
    open_queue(handler, "mine")
    take(handler, "start")
    handler.click('[data-action="resolve"]')
    handler.select_option("select[name=template]", label="调解成功 (调解成功)")
    handler.click("form.reply-templates button")
    assert complaint.number in handler.input_value("textarea[name=reply]")
    handler.click("input[name=_preview]")
    handler.wait_for_selector(".preview")
    assert complaint.number in handler.inner_text(".preview")
    handler.screenshot(path=str(SHOTS / "41-staff-reply-preview-1366.png"), full_page=True)
    handler.click("form[method=post] input.default")
    handler.wait_for_selector(".case-head")
    assert Complaint.objects.get(pk=complaint.pk).status == "resolved"
    assert Notice.objects.filter(complaint=complaint, event="resolved").exists()

    supervisor = desk()
    admin_sign_in(supervisor, "carol", "pw")
    supervisor.goto(f"/admin/complaints/complaint/{complaint.pk}/change/")
    supervisor.wait_for_selector(".timeline")
    timeline = supervisor.inner_text(".timeline")
    assert "经调解" in timeline and "bob" in timeline and "alice" in timeline
    supervisor.screenshot(path=str(SHOTS / "42-staff-case-view-1366.png"))
    supervisor.goto("/admin/")
    supervisor.click(".dashboard-link a")
    supervisor.wait_for_selector(".dashboard")
    supervisor.screenshot(path=str(SHOTS / "43-staff-dashboard-1366.png"))

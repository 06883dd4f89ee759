"""The three parties in a real browser (Debian's Chromium, Playwright, a live server): a company
applies and staff approve it; a consumer files; the company proposes, the consumer rejects, the
company proposes again, the consumer accepts and then confirms it was done. Without the
consumer's consent nothing identifying reaches the company."""

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.core import mail

from companies.models import CompanyApplication
from complaints.models import Complaint
from complaints.services import complaint_transition
from notifications.models import Notice
from notifications.services import notice_deliver
from tests.portal.conftest import CHROMIUM, last_code, last_email_code
from tests.portal.conftest import _codes_delivered_when_written as _codes_delivered_when_written  # noqa: F401
from tests.portal.conftest import browser as browser  # noqa: F401
from tests.portal.conftest import page_factory as page_factory  # noqa: F401
from tests.portal.conftest import sms_outbox as sms_outbox  # noqa: F401
from tests.portal.test_browser import shot
from tests.staffaccess.browser import admin_sign_in

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")

# Tuesday 1 December 2026, 10:00 in Shanghai: a working day; the clock ticks on from there.
MORNING = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
COMPANY = "深圳市示例科技有限公司"
CREDIT_CODE = "91440300708461136T"
PASSWORD = "Kestrel-harbour-42"
STORY = "App 显示已退款 99 元，但一直没有到账。"


@pytest.fixture
def licence(tmp_path):
    path = tmp_path / "营业执照.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return str(path)


@pytest.fixture(autouse=True)
def _morning():
    with time_machine.travel(MORNING, tick=True):
        yield


def apply_for_an_account(page, licence, sms_outbox, mailoutbox):  # noqa: F811
    page.goto("/en/company/apply/")
    page.fill("input[name=name]", COMPANY)
    page.fill("input[name=credit_code]", CREDIT_CODE)
    page.fill("input[name=contact_name]", "李四")
    page.fill("input[name=contact_mobile]", "13912345678")
    page.fill("input[name=contact_email]", "li.si@example.com")
    page.click("button[name=channel][value=sms]")
    page.fill("input[name=mobile_code]", last_code(sms_outbox))
    page.click("button[name=channel][value=email]")
    page.fill("input[name=email_code]", last_email_code(mailoutbox, "li.si@example.com"))
    page.set_input_files("input[name=licence]", licence)
    page.check("input[name=commitment]")
    shot(page, "20-company-applies")
    page.click("main form button[type=submit]:not([name])")
    page.wait_for_url("**/company/apply/sent/")


def approve(page, application):
    admin_sign_in(page, "carol", "pw")
    page.goto(f"/en/admin/companies/companyapplication/{application.pk}/change/")
    shot(page, "21-staff-approve")
    page.click("button[name=decision][value=approve]")
    page.wait_for_selector(".messagelist")


def choose_password_and_sign_in(page):
    notice = Notice.objects.get(event="company_approved")
    notice_deliver(notice.pk)
    link = re.search(r"https?://\S+(/[^\s]*company/password/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.fill("input[name=new_password1]", PASSWORD)
    page.fill("input[name=new_password2]", PASSWORD)
    page.click("main form button[type=submit]")
    page.fill("input[name=username]", "li.si@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/company/")


def file_a_complaint(page, sms_outbox, consent):  # noqa: F811
    page.goto("/en/file/online_service/")
    page.fill("input[name=company_name]", COMPANY)
    page.fill("input[name=order_number]", "SZ2026112900001")
    page.fill("input[name=location_system]", "示例 App")
    page.fill("input[name=occurred_at]", "2026-11-28T20:30")
    page.fill("textarea[name=observed]", STORY)
    page.check("input[name=demands][value=refund]")
    page.fill("input[name=complainant_name]", "王小明")
    page.fill("input[name=complainant_phone]", "13712345678")
    page.check("input[name=privacy_consent]")
    if consent:
        page.check("input[name=share_identity]")
    page.check("input[name=green_channel]")
    page.click("button[value=send_code]")
    page.wait_for_selector(".code-status:not(:empty)")
    page.fill("input[name=code]", last_code(sms_outbox, "+8613712345678"))
    page.click("button[value=submit]")
    page.wait_for_url("**/en/receipt/**")
    return Complaint.objects.get(number=page.inner_text("#complaint-number"))


def propose(page, complaint, refund):
    page.goto(f"/en/company/complaints/{complaint.number}/")
    page.click("summary:has-text('Propose a settlement')")
    page.fill("form[action$='/propose/'] input[name=refund]", refund)
    page.fill("form[action$='/propose/'] input[name=done_by]", "2026-12-01")
    page.click("form[action$='/propose/'] button[type=submit]")
    page.wait_for_selector(".messages .success")


def answer(page, complaint, verdict, reason=""):
    page.goto(f"/en/track/{complaint.access_token}/")
    page.check(f"form.proposal-answer input[name=answer][value={verdict}]")
    if reason:
        page.fill("form.proposal-answer textarea[name=reason]", reason)
    page.click("form.proposal-answer button[type=submit]")
    page.wait_for_selector(".messages .success")


@pytest.fixture
def parties(page_factory, licence, sms_outbox, mailoutbox, carol):  # noqa: F811
    """(the company's page, the consumer's page) once the company applied, was approved by a
    supervisor (carol) in the admin, chose its password and signed in."""
    company_page, staff_page, consumer_page = (
        page_factory(width=1200),
        page_factory(width=1200),
        page_factory(),
    )
    apply_for_an_account(company_page, licence, sms_outbox, mailoutbox)
    approve(staff_page, CompanyApplication.objects.get())
    choose_password_and_sign_in(company_page)
    return company_page, consumer_page


@pytest.mark.django_db(transaction=True)
def test_the_three_parties_settle_a_complaint(parties, sms_outbox, carol):  # noqa: F811
    company_page, consumer_page = parties
    complaint = file_a_complaint(consumer_page, sms_outbox, consent=True)
    complaint_transition(complaint=complaint, name="accept", actor=carol)  # the green channel forwards it
    company_page.goto("/en/company/")
    assert complaint.number in company_page.content()
    company_page.click(f"a:has-text('{complaint.number}')")
    assert "王小明" in company_page.content() and "13712345678" in company_page.content()
    shot(company_page, "22-company-complaint")

    propose(company_page, complaint, "50")
    answer(consumer_page, complaint, "reject", "只退 50 元不够，订单金额是 99 元。")
    propose(company_page, complaint, "99")
    shot(consumer_page, "23-consumer-second-proposal")
    answer(consumer_page, complaint, "accept")
    assert "Settled by the company" in consumer_page.content()
    consumer_page.check("form.performance input[name=done][value=done]")
    consumer_page.click("form.performance button[type=submit]")
    consumer_page.wait_for_selector(".messages .success")
    shot(consumer_page, "24-consumer-confirmed")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == ("resolved", "settled_by_company")
    assert list(complaint.proposals.values_list("status", "performed")) == [
        ("rejected", None),
        ("accepted", True),
    ]
    company_page.goto(f"/en/company/complaints/{complaint.number}/")
    assert "The complainant confirmed it was done." in company_page.content()


@pytest.mark.django_db(transaction=True)
def test_without_consent_nothing_identifying_reaches_the_company(parties, sms_outbox, carol):  # noqa: F811
    company_page, consumer_page = parties
    complaint = file_a_complaint(consumer_page, sms_outbox, consent=False)
    complaint_transition(complaint=complaint, name="accept", actor=carol)
    company_page.goto(f"/en/company/complaints/{complaint.number}/")
    shot(company_page, "25-company-without-consent")
    text = company_page.content()
    assert STORY in text and "withheld" in text
    assert "王小明" not in text and "13712345678" not in text
    for notice in Notice.objects.filter(
        complaint=complaint, recipient__in=["li.si@example.com", "+8613912345678"]
    ):
        assert "王小明" not in notice.body + notice.html and "13712345678" not in notice.body + notice.html

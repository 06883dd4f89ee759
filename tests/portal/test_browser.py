"""The portal in a real browser: Debian's Chromium driven by Playwright against a live server.
Screenshots of every page are kept in test-artifacts/screenshots/."""

from pathlib import Path

import pytest

from complaints.models import Complaint
from tests.evidence.samples import image
from tests.portal.conftest import CHROMIUM, SHOTS, last_code

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


def shot(page, name):
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def evidence_files(tmp_path):
    first, second = tmp_path / "扣费截图.png", tmp_path / "账单.pdf"
    first.write_bytes(image("PNG"))
    second.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return [str(first), str(second)]


def fill_telecom(page, evidence_files):
    page.fill("input[name=company_name]", "中国移动通信集团有限公司")
    page.fill("input[name=service_phone]", "13800138000")
    page.fill("input[name=service_account]", "2000123456")
    page.fill("input[name=occurred_at]", "2026-11-01T10:00")
    page.fill("input[name=location_system]", "中国移动 App")
    page.fill("textarea[name=observed]", "套餐被擅自变更为 199 元/月。")
    page.fill("textarea[name=expected]", "保持 58 元/月套餐。")
    page.check("input[name=demands][value=refund]")
    page.fill("input[name=complainant_name]", "张三")
    page.fill("input[name=complainant_phone]", "13912345678")
    page.set_input_files("input[name=files]", evidence_files)
    page.check("input[name=privacy_consent]")


@pytest.mark.django_db(transaction=True)
def test_file_track_and_add_material(page_factory, evidence_files, sms_outbox):
    page = page_factory()
    page.goto("/")
    shot(page, "01-home")
    page.click("a[href='/file/']")
    shot(page, "02-choose-type")
    page.click("a[href='/file/telecom/']")
    fill_telecom(page, evidence_files)
    page.click("button[value=send_code]")
    page.wait_for_selector(".code-status:not(:empty)")
    page.fill("input[name=code]", last_code(sms_outbox))
    shot(page, "03-filing-form")
    page.click("button[value=submit]")
    page.wait_for_url("**/receipt/**")
    shot(page, "04-receipt")
    number = page.inner_text("#complaint-number")
    complaint = Complaint.objects.get(number=number)
    assert sorted(complaint.evidence.values_list("original_name", flat=True)) == ["扣费截图.png", "账单.pdf"]
    for evidence in complaint.evidence.all():
        assert evidence.sha256 in page.content()

    page.click("a[href$='/statement/']")
    shot(page, "05-statement")
    assert "套餐被擅自变更" in page.content()

    page.goto("/track/")
    page.fill("input[name=number]", number)
    page.click("main button[type=submit]")
    page.wait_for_url("**/track/code/**")
    page.fill("input[name=code]", last_code(sms_outbox))
    shot(page, "06-track-code")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/track/{complaint.access_token}/")
    shot(page, "07-tracking")
    assert "已提交" in page.content()

    page.fill("textarea[name=text]", "补充：客服工号 10086-123")
    page.set_input_files("form.material input[name=files]", evidence_files[:1])
    page.click("form.material button[type=submit]")
    page.wait_for_selector(".messages .success")
    shot(page, "08-material-added")
    assert complaint.evidence.count() == 3
    assert "客服工号 10086-123" in page.content()


@pytest.mark.django_db(transaction=True)
def test_withdraw_a_second_complaint(page_factory, make_complaint):
    complaint = make_complaint()
    page = page_factory()
    page.goto(f"/track/{complaint.access_token}/")
    page.click("a[href$='/withdraw/']")
    shot(page, "09-withdraw")
    page.click("button.danger")  # without the confirmation box: refused, nothing changes
    assert Complaint.objects.get(pk=complaint.pk).status == "submitted"
    page.check("input[name=confirm]")
    page.click("button.danger")
    page.wait_for_selector(".status-withdrawn")
    shot(page, "10-withdrawn")
    assert Complaint.objects.get(pk=complaint.pk).status == "withdrawn"


@pytest.mark.django_db(transaction=True)
def test_rate_and_appeal_a_resolved_complaint(page_factory, complaint_in):
    complaint = complaint_in("resolved")
    page = page_factory()
    page.goto(f"/track/{complaint.access_token}/")
    assert "企业同意退还多扣费用。" in page.content()
    page.click("a[href$='/rate/']")
    page.check("input[name=verdict][value=unsatisfied]")
    page.fill("textarea[name=comment]", "只退款不赔偿，不接受。")
    shot(page, "11-rate")
    page.click("main button[type=submit]")
    page.wait_for_selector(".status-appealed")
    shot(page, "12-appealed")
    assert Complaint.objects.get(pk=complaint.pk).status == "appealed"


@pytest.mark.django_db(transaction=True)
def test_english_run(page_factory, sms_outbox):
    page = page_factory(width=1200)
    page.goto("/")
    page.select_option("select[name=language]", "en")
    page.wait_for_url("**/en/")
    assert "Complain about a company or online service" in page.content()
    shot(page, "13-home-en")
    page.click("a[href='/en/file/']")
    page.click("a[href='/en/file/online_service/']")
    page.fill("input[name=company_name]", "JD.com")
    page.fill("input[name=order_number]", "JD2026110512345678")
    page.fill("input[name=location_system]", "JD app")
    page.fill("input[name=occurred_at]", "2026-11-05T20:30")
    page.fill("textarea[name=observed]", "The refund shows as paid but never arrived.")
    page.check("input[name=demands][value=refund]")
    page.fill("input[name=complainant_name]", "Li Si")
    page.fill("input[name=complainant_phone]", "13712345678")
    page.check("input[name=privacy_consent]")
    page.click("button[value=submit]")  # no code yet: the form comes back with the error
    assert "Enter the verification code" in page.content()
    assert page.input_value("input[name=order_number]") == "JD2026110512345678"
    shot(page, "14-filing-error-en")
    page.click("button[value=send_code]")
    page.wait_for_selector(".code-status:not(:empty)")
    page.fill("input[name=code]", last_code(sms_outbox))
    page.check("input[name=privacy_consent]")
    page.click("button[value=submit]")
    page.wait_for_url("**/en/receipt/**")
    assert "Your complaint was received" in page.content()
    shot(page, "15-receipt-en")


@pytest.mark.django_db(transaction=True)
def test_without_javascript(page_factory, evidence_files, sms_outbox):
    page = page_factory(javascript=False)
    page.goto("/file/telecom/")
    fill_telecom(page, evidence_files)
    page.click("button[value=send_code]")  # a plain form post: the page comes back
    assert "扣费截图.png" in page.content() and "账单.pdf" in page.content()  # the files were kept
    assert page.input_value("input[name=service_account]") == "2000123456"
    shot(page, "16-nojs-code-sent")
    page.fill("input[name=code]", last_code(sms_outbox))
    page.check("input[name=privacy_consent]")
    page.click("button[value=submit]")
    page.wait_for_url("**/receipt/**")
    shot(page, "17-nojs-receipt")
    number = page.inner_text("#complaint-number")
    assert Complaint.objects.get(number=number).evidence.count() == 2

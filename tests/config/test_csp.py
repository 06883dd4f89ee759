"""Every portal, company and admin page under the Content-Security-Policy, in Chromium: no
script or style the policy refuses (the browser reports each refusal)."""

from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from companies.models import CompanyApplication
from complaints.choices import ComplaintType
from tests.companies.conftest import make_member as make_member  # noqa: F401
from tests.companies.conftest import odr_company as odr_company  # noqa: F401
from tests.portal.conftest import CHROMIUM
from tests.portal.conftest import browser as browser  # noqa: F401
from tests.portal.conftest import page_factory as page_factory  # noqa: F401
from tests.staffaccess.browser import admin_sign_in

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
PASSWORD = "Kestrel-harbour-42"
# Collects every violation the page reports, from its first script on.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


def visit(page, path):
    response = page.goto(path)
    assert response.status < 500, path
    assert "content-security-policy" in response.headers, path
    return page.evaluate("window.__violations")


def portal_pages(complaint, resolved):
    token, done = complaint.access_token, resolved.access_token
    pages = ["/", "/file/", "/track/", "/company/login/", "/company/apply/", "/company/password/"]
    pages += [f"/file/{kind}/" for kind in ComplaintType.values]
    pages += [f"/receipt/{token}/", f"/track/{token}/", f"/track/{token}/statement/"]
    pages += [f"/track/{token}/edit/", f"/track/{token}/withdraw/", f"/track/{token}/contact/"]
    return [*pages, f"/track/{done}/", f"/track/{done}/rate/"]


def admin_pages():
    pages = [reverse("admin:index"), reverse("admin:complaints_complaint_statistics")]
    pages.append(reverse("admin:second-factor-recovery-codes"))
    pages += [reverse("admin:complaints_complaint_dashboard"), reverse("admin:complaints_complaint_reassign")]
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        for name, args in (("changelist", []), ("add", [])):
            try:
                pages.append(reverse(f"admin:{info[0]}_{info[1]}_{name}", args=args))
            except NoReverseMatch:
                continue
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(reverse(f"admin:{info[0]}_{info[1]}_change", args=[first.pk]))
    return pages


@pytest.mark.django_db(transaction=True)
def test_no_page_breaks_the_content_security_policy(
    page_factory, complaint_in, make_member, odr_company, drive
):  # noqa: F811
    complaint = complaint_in("submitted")
    resolved = complaint_in("resolved")
    forwarded = drive(complaint_in("in_progress"), "forward_to_company")
    member = make_member(odr_company, "manager@company.example", password=PASSWORD)
    get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    CompanyApplication.objects.create(  # its page has the decision form
        name="深圳市示例科技有限公司",
        credit_code="91440300708461136T",
        contact_name="李四",
        contact_mobile="+8613912345678",
        contact_email="li.si@example.com",
        licence="licences/licence.pdf",
        licence_name="营业执照.pdf",
        licence_type="application/pdf",
        licence_sha256="0" * 64,
        committed_at=timezone.now(),
    )
    page = page_factory(width=1200)
    page.add_init_script(LISTEN)
    violations = {}
    for path in portal_pages(complaint, resolved):
        violations[path] = visit(page, path)
    page.goto("/en/company/login/")
    page.fill("input[name=username]", member.user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    for path in [
        "/en/company/",
        f"/en/company/complaints/{forwarded.number}/",
        "/en/company/scorecard/",
        "/en/company/users/",
    ]:
        violations[path] = visit(page, path)
    violations["/en/admin/login/ … second-factor/setup/"] = admin_sign_in(page, "root", PASSWORD)
    for path in admin_pages():
        violations[path] = visit(page, path)
    broken = {path: sorted(set(found)) for path, found in violations.items() if found}
    assert broken == {}
    assert len(violations) > 60

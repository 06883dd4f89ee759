"""The portal on a phone (375×667 CSS pixels): no page scrolls sideways, every control is big
enough to hit with a finger, the file inputs offer the camera, and the filing form keeps what
was typed and the files when it comes back with an error."""

from pathlib import Path

import pytest
import time_machine

from complaints.models import Complaint
from tests.portal.conftest import CHROMIUM, TOUR_MOMENT, last_code
from tests.portal.tour import LANGUAGES, SIZES, tour

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")

# What is too wide or too small on the page shown. Links inside running text are exempt (WCAG
# 2.5.5's inline exception); a checkbox or radio counts with its label, which is clickable too.
MEASURE = """() => {
    const shown = el => el.checkVisibility({visibilityProperty: true, opacityProperty: true});
    const inText = el => getComputedStyle(el).display === 'inline'
        && el.parentElement.textContent.trim() !== el.textContent.trim();
    const box = el => [el, ...(el.labels || [])].map(e => e.getBoundingClientRect())
        .reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    const name = el => el.outerHTML.slice(0, 120);
    const small = [];
    for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary')) {
        if (el.type === 'hidden' || !shown(el) || (el.tagName === 'A' && inText(el))) continue;
        const r = box(el);
        if (r.right <= 0 || r.bottom + window.scrollY <= 0) continue;  // off-screen: skip links, bots' field
        if (r.width < 44 || r.height < 44) small.push(`${r.width | 0}×${r.height | 0} ${name(el)}`);
    }
    const files = [...document.querySelectorAll('input[type=file]')]
        .filter(el => !(el.accept || '').split(',').includes('image/*') || el.hasAttribute('capture'))
        .map(name);
    return {overflow: document.documentElement.scrollWidth - window.innerWidth, small, files};
}"""


# Django's "Not Found" and the project's bad-request page (templates/400.html) have no portal
# styles: only checked for sideways scrolling.
BARE = {"404", "400"}


def problems(page, name):
    found = page.evaluate(MEASURE)
    lines = [f"{name}: scrolls sideways by {found['overflow']} px"] if found["overflow"] > 0 else []
    if name not in BARE:
        lines += [f"{name}: target smaller than 44×44: {item}" for item in found["small"]]
    return lines + [
        f"{name}: file input without image/* (or with capture): {item}" for item in found["files"]
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_fits_a_phone(page_factory, portal_site, open_doors, evidence_files, language):
    width, height = SIZES["phone"]
    page = page_factory(width=width, height=height)
    page.set_default_timeout(10_000)
    found = []
    for name in tour(page, LANGUAGES[language], portal_site, evidence_files):
        found += problems(page, name)
    assert not found, "\n".join(found)


# Every field of the telecom form as a person fills it in on a phone.
TYPED = {
    "input[name=company_name]": "中国移动通信集团有限公司",
    "input[name=service_phone]": "13800138000",
    "input[name=service_account]": "2000123456",
    "input[name=occurred_at]": "2026-11-01T10:00",
    "input[name=location_system]": "中国移动 App",
    "input[name=location_function]": "账单详情",
    "textarea[name=observed]": "套餐被擅自变更为 199 元/月。",
    "textarea[name=expected]": "保持 58 元/月套餐。",
    "textarea[name=consequence]": "多扣 141 元。",
    "input[name=demand_other]": "书面道歉",
    "input[name=amount]": "141",
    "input[name=complainant_name]": "张三",
    "input[name=complainant_phone]": "13912345678",
    "input[name=complainant_email]": "zhangsan@example.com",
}
TICKED = [
    "input[name=demands][value=refund]",
    "input[name=demands][value=other]",
    "input[name=contact_preference][value=both]",
    "input[name=privacy_consent]",
    "input[name=share_identity]",
]


def typed(page, selector):
    """What the field holds; phone numbers come back grouped as they are written (139 1234 5678)."""
    value = page.input_value(selector)
    return value.replace(" ", "") if "phone" in selector else value


@pytest.mark.django_db(transaction=True)
def test_the_form_keeps_what_was_typed_and_the_files_on_a_phone(page_factory, evidence_files, sms_outbox):
    """On a desktop: test_browser's test_english_run (what was typed) and
    test_without_javascript (the files); here on a phone, with every field filled in."""
    width, height = SIZES["phone"]
    page = page_factory(width=width, height=height)
    with time_machine.travel(TOUR_MOMENT, tick=True):
        page.goto("/file/telecom/")
        for selector, value in TYPED.items():
            page.fill(selector, value)
        for selector in TICKED:
            page.check(selector)
        page.set_input_files("input[name=files]", evidence_files)
        with page.expect_navigation():
            page.click("button[value=submit]")  # no code yet: the form comes back with the error
        assert {selector: typed(page, selector) for selector in TYPED} == TYPED
        assert all(page.is_checked(selector) for selector in TICKED)
        assert page.locator(".kept li").all_inner_texts()[0].startswith("扣费截图.jpg")
        assert page.locator(".kept li").count() == 2
        page.click("button[value=send_code]")
        page.wait_for_selector(".code-status:not(:empty)")
        page.fill("input[name=code]", last_code(sms_outbox))
        page.click("button[value=submit]")
        page.wait_for_url("**/receipt/**")
    complaint = Complaint.objects.get(number=page.inner_text("#complaint-number"))
    assert sorted(complaint.evidence.values_list("original_name", flat=True)) == ["扣费截图.jpg", "账单.pdf"]
    assert (complaint.amount, complaint.demand_other, complaint.share_identity) == (141, "书面道歉", True)

"""Every public page against WCAG 2.1 A and AA with axe-core, in the three languages, on a
desktop and on a phone. The results per page are kept in test-artifacts/axe/, a full-page
screenshot of each in test-artifacts/screenshots/<page>-<language>-<size>.png."""

import base64
import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import time_machine

from complaints.models import Complaint
from tests.portal.conftest import ARTIFACTS, CHROMIUM, SHOTS, TOUR_MOMENT, last_code, launch
from tests.portal.tour import LANGUAGES, SIZES, tour

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RESULTS = ARTIFACTS / "axe"
IMPACTS = ("critical", "serious", "moderate", "minor")
AXE_RUN = """() => axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
    resultTypes: ['violations'],
}).then(result => result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')),
})))"""

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
    pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (npm ci)"),
]


def audit(page):
    """axe-core's violations on the page shown, each a dict of id, impact, help and nodes."""
    return page.evaluate(AXE_RUN)


def screenshot(cdp, path):
    """The whole page as a PNG, encoded for speed (Playwright's full-page screenshot spends twice
    the time on a smaller file, over some 200 pages)."""
    size = cdp.send("Page.getLayoutMetrics")["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
    options = {"format": "png", "clip": clip, "captureBeyondViewport": True, "optimizeForSpeed": True}
    path.write_bytes(base64.b64decode(cdp.send("Page.captureScreenshot", options)["data"]))


def walk(base_url, runs, site, files):
    """The tour in each (language, size) of ``runs``, in a browser of its own (this runs in a
    thread of its own): {(language, size): {page: result}}."""
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for language, size in runs:
            width, height = SIZES[size]
            context = browser.new_context(viewport={"width": width, "height": height}, base_url=base_url)
            # Loaded into every page before its own scripts; the page's CSP still applies to them.
            context.add_init_script(path=str(AXE))
            page = context.new_page()
            page.set_default_timeout(10_000)
            cdp = context.new_cdp_session(page)
            results[language, size] = pages = {}
            for name in tour(page, LANGUAGES[language], site, files, **shown(language, size)):
                violations = audit(page)
                counts = Counter(v["impact"] for v in violations)
                pages[name] = {"url": page.url, **{i: counts[i] for i in IMPACTS}, "violations": violations}
                screenshot(cdp, SHOTS / f"{name}-{language}-{size}.png")
            context.close()
        browser.close()
    return results


def shown(language, size):
    """Each form's errors and refusals on a phone, where they have the least room; every type's
    form with errors once, the telecom one elsewhere (the rest of the form is the same)."""
    return {"states": size == "phone", "every_error": size == "phone" and language == "zh-hans"}


def serious(language, size, results):
    return [
        f"{name} [{language} {size}] {v['id']} ({v['impact']}): {v['help']} — {', '.join(v['nodes'][:5])}"
        for name, result in results.items()
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.django_db(transaction=True)
def test_every_page_meets_wcag_21_aa(live_server, reference_data, portal_site, open_doors, evidence_files):
    RESULTS.mkdir(parents=True, exist_ok=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    # Two browsers side by side, each taking every other (language, size): the tour is some 220
    # page loads, each with a check and a screenshot.
    runs = [(language, size) for size in reversed(SIZES) for language in LANGUAGES]
    with ThreadPoolExecutor(2) as pool:
        futures = [
            pool.submit(walk, live_server.url, runs[i::2], portal_site, evidence_files) for i in range(2)
        ]
    failures = []
    for future in futures:
        for (language, size), pages in future.result().items():
            (RESULTS / f"{language}-{size}.json").write_text(json.dumps(pages, ensure_ascii=False, indent=1))
            failures += serious(language, size, pages)
    assert not failures, "serious or critical WCAG violations:\n" + "\n".join(failures)


# What a person types into the filing form's fields; the date key by key: month, day, year,
# (→) hour, minute, AM.
TYPED = {
    "input[name=company_name]": "中国移动通信集团有限公司",
    "input[name=service_phone]": "13800138000",
    "input[name=service_account]": "2000123456",
}
DATE_KEYS = [*"11012026", "ArrowRight", *"1000A"]
KEYS_ABOUT_YOU = {"input[name=complainant_name]": "张三", "input[name=complainant_phone]": "13912345678"}
# The element that has the focus: does it match ``selector``, and does it show it (an outline
# of 2 px or more, in the window)?
FOCUS = """selector => {
    const el = document.activeElement, style = getComputedStyle(el), box = el.getBoundingClientRect();
    return {
        what: el.outerHTML.slice(0, 100),
        matches: el.matches(selector),
        shown: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
            && box.width > 0 && box.bottom > 0 && box.top < innerHeight,
    };
}"""
# Invalid inputs without an error text among their descriptions, and errors no input points at.
UNTIED = """() => {
    const described = el => (el.getAttribute('aria-describedby') || '').split(' ')
        .map(id => document.getElementById(id)).filter(Boolean);
    const invalid = [...document.querySelectorAll('[aria-invalid=true]')];
    return [
        ...invalid.filter(el => !described(el).some(d => d.matches('.errorlist') && d.textContent.trim()))
            .map(el => 'no error text: ' + el.outerHTML.slice(0, 100)),
        ...[...document.querySelectorAll('.errorlist')]
            .filter(list => !invalid.some(el => described(el).includes(list)))
            .map(list => 'no invalid input: ' + list.outerHTML.slice(0, 100)),
    ];
}"""


def tab_to(page, selector, seen, backwards=False):
    """Press Tab (Shift+Tab) until ``selector`` has the focus; ``seen`` gets what had it."""
    for _ in range(80):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        seen.append(page.evaluate(FOCUS, selector))
        if seen[-1]["matches"]:
            return
    raise AssertionError(f"the keyboard never reached {selector}")


@pytest.mark.django_db(transaction=True)
def test_filing_with_the_keyboard_alone(page_factory, evidence_files, sms_outbox):
    page = page_factory(width=1366, height=768, locale="en-US")  # the date field's order: mm/dd/yyyy
    page.on("filechooser", lambda chooser: None)  # file choosers are caught from the start
    seen = []
    with time_machine.travel(TOUR_MOMENT, tick=True):
        page.goto("/file/telecom/")
        tab_to(page, "a.skip", seen)
        assert len(seen) == 1  # the first stop
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('main') !== null")
        for selector, text in TYPED.items():
            tab_to(page, selector, seen)
            page.keyboard.type(text)
        tab_to(page, "input[name=occurred_at]", seen)
        for key in DATE_KEYS:
            page.keyboard.press(key)
        tab_to(page, "textarea[name=observed]", seen)
        page.keyboard.type("套餐被擅自变更为 199 元/月。")
        tab_to(page, "input[name=demands][value=refund]", seen)
        page.keyboard.press("Space")
        tab_to(page, "input[name=files]", seen)
        with page.expect_file_chooser() as chooser:
            page.keyboard.press("Space")
        chooser.value.set_files(evidence_files)
        for selector in ("input[name=complainant_name]", "input[name=complainant_phone]"):
            tab_to(page, selector, seen)
            page.keyboard.type(KEYS_ABOUT_YOU[selector])
        tab_to(page, "button[value=send_code]", seen)
        page.keyboard.press("Enter")
        page.wait_for_selector(".code-status:not(:empty)")
        tab_to(page, "input[name=code]", seen, backwards=True)
        page.keyboard.type(last_code(sms_outbox))
        tab_to(page, "input[name=privacy_consent]", seen)
        page.keyboard.press("Space")
        tab_to(page, "button[value=submit]", seen)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert [focus["what"] for focus in seen if not focus["shown"]] == []
    complaint = Complaint.objects.get(number=page.inner_text("#complaint-number"))
    assert (complaint.service_account, complaint.demands, complaint.evidence.count()) == (
        "2000123456",
        ["refund"],
        2,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "url, button",
    [
        ("/en/file/telecom/", "button[value=submit]"),
        ("/file/online_service/", "button[value=submit]"),
        ("/zh-hant/track/", "main button[type=submit]"),
    ],
)
def test_errors_are_announced_and_tied_to_their_fields(page_factory, open_doors, url, button):
    page = page_factory(width=1366, height=768)
    page.goto(url)
    tab_to(page, button, [])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.matches('.error-summary')")  # read out first
    assert page.evaluate(UNTIED) == []
    links = summary.locator("a")
    targets = [href.removeprefix("#") for href in links.evaluate_all("links => links.map(a => a.hash)")]
    assert targets and all(page.get_attribute(f"#{target}", "aria-invalid") == "true" for target in targets)
    for target in targets[:3]:  # each link takes the keyboard to its field
        tab_to(page, f"a[href='#{target}']", [])
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == target
        page.focus(".error-summary")

"""Every public page of the portal, opened one after another in a browser page as a visitor
reaches it. The accessibility, screenshot and phone-layout tests walk this tour."""

import contextlib
from urllib.parse import urljoin

from complaints.choices import ComplaintType
from tests.portal.conftest import CAPTCHA, OVER_LIMIT

LANGUAGES = {"zh-hans": "", "zh-hant": "/zh-hant", "en": "/en"}
SIZES = {"desktop": (1366, 768), "phone": (375, 667)}


def tour(page, prefix, site, files, *, states=True, every_error=False):
    """Open every public page in the language of URL ``prefix``; yields each page's name while
    it is shown. ``site``: the complaints of ``portal_site``; ``files``: evidence to attach.

    A page comes back with its errors (the filing form, the tracking code's, the portal's
    "too many requests") and every page is shown; with ``states`` the other forms' errors and
    refusals are shown as well. The filing form comes back with errors for the telecom type,
    or for every type if ``every_error``."""
    yield from _filing(page, prefix, files, states, every_error)
    yield from _tracking(page, prefix, site, states)
    yield from _complaint_pages(page, prefix, site, states)
    yield _open(page, f"{prefix}/no-such-page/", "404")
    yield _open(page, f"{prefix}/?q=%00", "400")


def _open(page, url, name):
    page.goto(url)
    return name


@contextlib.contextmanager
def _holding(page, cookie):
    """The browser holds ``cookie`` (a switch of ``open_doors``) meanwhile."""
    page.context.add_cookies([{"name": cookie, "value": "1", "url": urljoin(page.url, "/")}])
    yield
    page.context.clear_cookies(name=cookie)


def _submit(page, button):
    """Post the form of ``button`` as a plain form post (the page's script may answer a click)."""
    with page.expect_navigation():
        page.eval_on_selector(button, "button => button.form.requestSubmit(button)")


def _filing(page, prefix, files, states, every_error):
    yield _open(page, f"{prefix}/", "home")
    yield _open(page, f"{prefix}/file/", "choose-type")
    for kind in ComplaintType:
        yield _open(page, f"{prefix}/file/{kind}/", f"file-{kind}")
        if every_error or kind == ComplaintType.TELECOM:
            _submit(page, "button[value=submit]")
            yield f"file-{kind}-errors"
    page.goto(f"{prefix}/file/telecom/")
    page.fill("input[name=complainant_phone]", "13912345678")
    page.set_input_files("input[name=files]", files)
    _submit(page, "button[value=send_code]")
    page.fill("input[name=company_name]", "中国")  # the known companies are suggested
    page.wait_for_selector("#companies option", state="attached")
    yield "file-code-sent"
    if states:
        with _holding(page, CAPTCHA):  # the form asks for it when it comes back
            page.goto(f"{prefix}/file/other/")
            _submit(page, "button[value=submit]")
            page.wait_for_selector("img.captcha")
            yield "file-captcha"


def _tracking(page, prefix, site, states):
    yield _open(page, f"{prefix}/receipt/{site.submitted.access_token}/", "receipt")
    yield _open(page, f"{prefix}/track/", "track-lookup")
    if states:
        _submit(page, "main button[type=submit]")
        yield "track-lookup-errors"
    page.fill("input[name=number]", site.submitted.number)
    _submit(page, "main button[type=submit]")
    yield "track-code"
    page.fill("input[name=code]", "000000")
    _submit(page, "main button[type=submit]")
    yield "track-code-errors"
    with _holding(page, OVER_LIMIT):
        page.goto(f"{prefix}/track/")
        page.fill("input[name=number]", site.submitted.number)
        _submit(page, "main button[type=submit]")
        yield "track-lookup-429"
    for state in ("submitted", "awaiting", "resolved", "settled", "forwarded"):
        yield _open(page, f"{prefix}/track/{getattr(site, state).access_token}/", f"track-{state}")
    if states:
        page.check("input[name=answer][value=reject]")  # on the last one, without saying why
        _submit(page, "form.proposal-answer button")
        yield "track-proposal-refused"


def _complaint_pages(page, prefix, site, states):
    base = f"{prefix}/track/{site.submitted.access_token}"
    yield _open(page, f"{base}/statement/", "statement")
    yield from _edit(page, base, states)
    yield _open(page, f"{base}/withdraw/", "withdraw")
    if states:
        _submit(page, "main button[type=submit]")  # not ticked
        yield "withdraw-errors"
    yield _open(page, f"{base}/contact/", "contact")
    if states:
        page.check("input[name=contact_preference][value=email]")
        page.fill("input[name=complainant_email]", "")
        _submit(page, "main button[type=submit]")
        yield "contact-errors"
        page.fill("input[name=complainant_email]", "zhang.new@example.com")
        _submit(page, "main button[type=submit]")
        yield "contact-code"
    yield _open(page, f"{prefix}/track/{site.resolved.access_token}/rate/", "rate")
    if states:
        _submit(page, "main button[type=submit]")
        yield "rate-errors"


def _edit(page, base, states):
    yield _open(page, f"{base}/edit/", "edit")
    if states:
        page.fill("textarea[name=observed]", "")
        _submit(page, "main button[type=submit]")
        yield "edit-errors"
    page.fill("textarea[name=observed]", "套餐被擅自变更为 199 元/月。")
    _submit(page, "main button[type=submit]")
    yield "edit-confirm"

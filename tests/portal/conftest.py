import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from companies.models import CompanyMember
from complaints.actors import ComplainantActor
from complaints.models import SettlementProposal
from complaints.services import complaint_transition
from evidence.models import Evidence
from notifications import sms
from tests.evidence.conftest import private_storage  # noqa: F401 (each test gets its own evidence folder)
from tests.evidence.samples import image, upload

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SHOTS = ARTIFACTS / "screenshots"


@pytest.fixture(autouse=True)
def sms_outbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def _codes_delivered_when_written(monkeypatch):
    """Codes go out through the worker after commit; these tests never commit, so each code is
    delivered through the same delivery function as soon as it is written."""
    from notifications import services

    real = services.send_verification_code

    def send_and_deliver(**fields):
        notice = real(**fields)
        if notice is not None:
            services.notice_deliver(notice.pk)
        return notice

    monkeypatch.setattr("portal.codes.send_verification_code", send_and_deliver)


def last_code(outbox, phone=None):
    messages = [m for m in outbox if phone is None or m.phone == phone]
    return re.search(r"\d{6}", messages[-1].text).group()


def last_email_code(mailoutbox, address):
    body = [m for m in mailoutbox if address in m.to][-1].body
    return re.search(r"(?<!\d)\d{6}(?!\d)", body).group()


TELECOM = {
    "company_name": "中国移动通信集团有限公司",
    "service_phone": "13800138000",
    "service_account": "2000123456",
    "occurred_at": "2026-11-01T10:00",
    "location_system": "中国移动 App",
    "location_function": "账单详情",
    "observed": "套餐被擅自变更为 199 元。",
    "expected": "保持 58 元套餐。",
    "consequence": "多扣 141 元。",
    "amount": "141",
    "demands": ["refund", "apology"],
    "complainant_name": "张三",
    "complainant_phone": "13912345678",
    "complainant_email": "",
    "contact_preference": "sms",
    "privacy_consent": "on",
}


@pytest.fixture
def file_telecom(client, sms_outbox):
    """File a complaint through the portal as a person would: ask for a code, then submit."""

    def file(data=None, files=()):
        data = {**TELECOM, **(data or {})}
        client.post("/file/telecom/", {**data, "action": "send_code"})
        code = last_code(sms_outbox)
        return client.post("/file/telecom/", {**data, "code": code, "action": "submit", "files": list(files)})

    return file


def launch(playwright):
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )


@pytest.fixture
def evidence_files(tmp_path):
    """Two files as a person would choose them: a photo and a PDF bill."""
    first, second = tmp_path / "扣费截图.jpg", tmp_path / "账单.pdf"
    first.write_bytes(image())
    second.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return [str(first), str(second)]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, one per test module (Playwright never downloads a browser)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls made by the
    # tests themselves are still synchronous.
    patch = pytest.MonkeyPatch()
    patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()
    patch.undo()


@pytest.fixture
def page_factory(browser, live_server, reference_data):
    """``make(...)`` opens a page in a new browser context on the live server; ``options`` go
    to the context (``bypass_csp``, ``locale``...)."""
    contexts = []

    def make(javascript=True, width=390, height=900, **options):
        context = browser.new_context(
            java_script_enabled=javascript,
            viewport={"width": width, "height": height},
            base_url=live_server.url,
            **options,
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


# The moment the page tours happen (a Monday), so that what the pages offer never depends on
# the day the tests run.
TOUR_MOMENT = dt.datetime(2026, 11, 16, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@dataclass(frozen=True)
class Site:
    """One complaint in each situation the tracking pages show."""

    submitted: object  # may still be edited or withdrawn; one evidence file
    awaiting: object  # staff asked for information
    resolved: object  # to rate, or to appeal
    forwarded: object  # the company proposed a settlement: answer it, or write to the company
    settled: object  # the proposal was accepted and its date passed: say whether it was done


@pytest.fixture
def portal_site(make_complaint, complaint_in, drive, company):
    """The clock stays at ``TOUR_MOMENT`` (ticking) while the test runs."""
    with time_machine.travel(TOUR_MOMENT, tick=True):
        company.odr_enrolled = True
        company.save(update_fields=["odr_enrolled"])
        user = get_user_model().objects.create_user(
            username="odr@company.example", email="odr@company.example"
        )
        member = CompanyMember.objects.create(user=user, company=company, role=CompanyMember.Role.MANAGER)
        submitted = make_complaint()
        Evidence.objects.create(
            complaint=submitted,
            file=upload("扣费截图.jpg", image()),
            original_name="扣费截图.jpg",
            kind="image",
            mime_type="image/jpeg",
            size=len(image()),
            sha256="ab" * 32,
        )
        forwarded, settled = (_with_proposal(make_complaint(), drive, member) for _ in range(2))
        complaint_transition(complaint=settled, name="accept_proposal", actor=ComplainantActor(settled.pk))
        yield Site(
            submitted, complaint_in("awaiting_complainant"), complaint_in("resolved"), forwarded, settled
        )


def _with_proposal(complaint, drive, member):
    """Forwarded to the company, which offers a refund by today."""
    drive(complaint, "accept", "start", "forward_to_company")
    offer = SettlementProposal(refund=Decimal("141"), done_by=timezone.localdate())
    return complaint_transition(
        complaint=complaint, name="company_propose", actor=member.actor, proposal=offer
    )


# Cookies that put one browser over the rate limits, or before the captcha, whatever the others do.
OVER_LIMIT, CAPTCHA = "test-over-limit", "test-captcha"


@pytest.fixture
def open_doors(settings, monkeypatch):
    """Rate limits and captchas out of the way of a test that posts many forms from one address,
    except for a browser that holds the cookie ``OVER_LIMIT`` or ``CAPTCHA``. The counts, kept in
    the cache's table, are dropped afterwards (a test that commits keeps them)."""
    from portal import limits

    settings.PORTAL_RATE = "10000/h"
    settings.CAPTCHA_AFTER_FAILURES = settings.CAPTCHA_AFTER_FAILURES_PER_ADDRESS = 10000
    limited, needs_captcha = limits.limited, limits.needs_captcha
    monkeypatch.setattr(
        limits,
        "limited",
        lambda request, *a, **kw: OVER_LIMIT in request.COOKIES or limited(request, *a, **kw),
    )
    monkeypatch.setattr(
        limits, "needs_captcha", lambda request: CAPTCHA in request.COOKIES or needs_captcha(request)
    )
    cache.clear()
    yield
    cache.clear()

import datetime as dt
import importlib
import itertools

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone, translation

from complaints import roles
from complaints.actors import ComplainantActor
from complaints.choices import ComplaintType, Demand, Outcome, RejectionReason
from complaints.models import Company, Complaint
from complaints.services import complaint_file, complaint_transition

pytest_plugins = ["tests.logcheck"]

_phones = itertools.count(1000)


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        metavar="ISO_TIMESTAMP",
        help="Run the whole test process with its clock moved to this moment (with its UTC offset, "
        "e.g. 2026-11-30T02:00:00+08:00); the clock keeps ticking and the process time zone stays.",
    )


def pytest_configure(config):
    """``--clock``: start a ticking time-machine travel for the whole session, so the suite can be
    shown green at any hour and date. The destination is a timestamp, not a zoned datetime:
    time-machine would otherwise change the process time zone as well."""
    value = config.getoption("--clock")
    if not value:
        return
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise pytest.UsageError(f"--clock: {exc}") from None
    if moment.tzinfo is None:
        raise pytest.UsageError("--clock needs a UTC offset, e.g. 2026-11-30T02:00:00+08:00")
    config._clock_travel = time_machine.travel(moment.timestamp(), tick=True)
    config._clock_travel.start()


def pytest_report_header(config):
    value = config.getoption("--clock")
    return f"clock moved to {value}" if value else None


def pytest_unconfigure(config):
    travel = getattr(config, "_clock_travel", None)
    if travel is not None:
        travel.stop()


@pytest.fixture(autouse=True)
def _fresh_fragment_cache():
    """Page parts cached by one test are not served to the next."""
    from django.core.cache import caches

    caches["template_fragments"].clear()
    caches["pages"].clear()


@pytest.fixture(autouse=True)
def _force_login_gives_the_second_factor(monkeypatch):
    """``client.force_login(user)`` stands for a finished sign-in, second factor included, for
    the staff who need one (tests of the sign-in itself post its forms instead)."""
    from django.test.client import ClientMixin
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from staffaccess import second_factor

    force_login = ClientMixin.force_login

    def with_second_factor(self, user, backend=None):
        force_login(self, user, backend)
        if second_factor.required(user):
            device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(ClientMixin, "force_login", with_second_factor)


@pytest.fixture(autouse=True)
def _platform_language():
    """Each test starts in the platform's language: the last request of the test before may
    have left another active in this thread (and ``reverse`` would then add its prefix)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def reference_data(transactional_db):
    """Tests that commit (live server, Celery worker) empty the database afterwards; put back
    what the migrations and `make run` put there."""
    from django.apps import apps

    call_command("load_calendar", verbosity=0)
    importlib.import_module("complaints.migrations.0002_roles_and_deadline_rules").create_rules(apps, None)
    importlib.import_module("complaints.migrations.0019_clock_events_for_existing_clocks").rules(apps)
    importlib.import_module("complaints.migrations.0023_company_clock").rules(apps)
    importlib.import_module("complaints.migrations.0030_rule_texts_translated").translate(apps)
    importlib.import_module("portal.migrations.0005_type_guides_and_other_routes_texts").seed(apps)
    importlib.import_module("complaints.roles").sync_roles(apps)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The official calendar, loaded once for the whole run as `make run` loads it."""
    with django_db_blocker.unblock():
        call_command("load_calendar", verbosity=0)


def _staff(username, role=None):
    user = get_user_model().objects.create_user(username=username, password="pw", is_staff=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def alice(db):
    """Intake officer."""
    return _staff("alice", roles.INTAKE_OFFICER)


@pytest.fixture
def bob(db):
    """Case handler."""
    return _staff("bob", roles.CASE_HANDLER)


@pytest.fixture
def carol(db):
    """Supervisor."""
    return _staff("carol", roles.SUPERVISOR)


@pytest.fixture
def diana(db):
    """Director: told at the second level after a breach."""
    return _staff("diana", roles.DIRECTOR)


@pytest.fixture
def dave(db):
    """Staff member with no role."""
    return _staff("dave")


@pytest.fixture
def company(db):
    return Company.objects.create(
        name="中国移动通信集团有限公司",
        contact_email="complaints@company.example",
        contact_phone="+8613600000000",
    )


@pytest.fixture
def make_complaint(company):
    def make(**fields):
        values = {
            "company": company,
            "complaint_type": ComplaintType.TELECOM,
            "service_phone": "+8613800138000",
            "service_account": "2000123456",
            "complainant_name": "张三",
            "complainant_phone": f"+86139{next(_phones):08d}",
            "complainant_email": "zhangsan@example.com",
            "occurred_at": timezone.now() - dt.timedelta(days=3),
            "observed": "套餐被擅自变更。",
            "demands": [Demand.REFUND],
        }
        values.update(fields)
        complaint = Complaint(**values)
        complaint.full_clean()
        return complaint_file(complaint)

    return make


# Parameters each transition needs, as a person would give them.
PARAMS = {
    "reject": {"reason": RejectionReason.DUPLICATE},
    "request_information": {"message": "请补充扣费短信截图。"},
    "resolve": {"outcome": Outcome.MEDIATED, "reply": "企业同意退还多扣费用。"},
    "decide_appeal": {"outcome": Outcome.NOT_SUPPORTED, "reply": "复核后维持原处理意见。"},
    "appeal": {"reason": "企业未赔偿。"},
    "close_satisfied": {},
    "withdraw": {},
    "record_notice": {"note_to_company": "已于当日电话告知企业联系人终止调解。"},
    "record_company_answer": {"answer": "企业已来电，同意退还多收费用。"},
    "reject_proposal": {"reason": "退款金额不足。"},
}

# How to reach each state from "submitted".
PATHS = {
    "submitted": [],
    "accepted": ["accept"],
    "rejected": ["reject"],
    "in_progress": ["accept", "start"],
    "awaiting_complainant": ["accept", "start", "request_information"],
    "resolved": ["accept", "start", "resolve"],
    "appealed": ["accept", "start", "resolve", "appeal"],
    "under_rereview": ["accept", "start", "resolve", "appeal", "start_rereview"],
    "closed": ["accept", "start", "resolve", "close_satisfied"],
    "withdrawn": ["withdraw"],
}
COMPLAINANT_STEPS = {"appeal", "close_satisfied", "withdraw", "accept_proposal", "reject_proposal"}


@pytest.fixture
def drive(carol, bob):
    """Take a complaint through named transitions as the people who would take them."""

    def run(complaint, *steps):
        for step in steps:
            if step == "start" and complaint.assignee_id is None:
                complaint.assignee = bob
                complaint.save()
            actor = ComplainantActor(complaint.pk) if step in COMPLAINANT_STEPS else carol
            complaint_transition(complaint=complaint, name=step, actor=actor, **PARAMS.get(step, {}))
        return complaint

    return run


@pytest.fixture
def complaint_in(make_complaint, drive):
    def make(state, **fields):
        return drive(make_complaint(**fields), *PATHS[state])

    return make

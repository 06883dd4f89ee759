"""Every line the application logs during the test run is written, as in production (JSON),
to test-artifacts/test-run.log; when the run ends, the file is searched for personal data and
one-time codes, and the run fails if any is found. The patterns here are the test's own, not
the ones the log formatter masks with."""

import logging
import re
from pathlib import Path

import pytest

LOG = Path(__file__).resolve().parents[1] / "test-artifacts" / "test-run.log"
PERSONAL = {
    "mobile number": re.compile(r"(?<!\w)(?:\+?86)?1[3-9]\d{9}(?!\w)", re.ASCII),
    "email address": re.compile(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", re.I),
    "ID card number": re.compile(r"(?<!\w)\d{17}[\dXx](?!\w)", re.ASCII),
    "six-digit code": re.compile(r"(?<![\w.:-])\d{6}(?![\w.:])", re.ASCII),
    "private link": re.compile(r"/(?:track|receipt|company/password)/[A-Za-z0-9_-]{16,}"),
}


def pytest_sessionstart(session):
    from config.logs import JsonFormatter

    LOG.parent.mkdir(exist_ok=True)
    handler = logging.FileHandler(LOG, mode="w", encoding="utf-8")
    handler.setFormatter(JsonFormatter())
    handler.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    session.config._run_log = handler


def pytest_runtest_setup(item):
    """Django's setup in an embedded Celery worker configures logging again, dropping the
    handler: put it back before each test."""
    handler = getattr(item.config, "_run_log", None)
    root = logging.getLogger()
    if handler is not None and handler not in root.handlers:
        root.addHandler(handler)


def pytest_sessionfinish(session, exitstatus):
    handler = getattr(session.config, "_run_log", None)
    if handler is None:
        return
    logging.getLogger().removeHandler(handler)
    handler.close()
    found = [
        (kind, line.strip()[:300])
        for line in LOG.read_text(encoding="utf-8").splitlines()
        for kind, pattern in PERSONAL.items()
        if pattern.search(line)
    ]
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    lines = len(LOG.read_text(encoding="utf-8").splitlines())
    if reporter is not None:
        reporter.write_line(f"log check: {lines} lines logged, {len(found)} with personal data ({LOG.name})")
        for kind, line in found[:20]:
            reporter.write_line(f"  {kind}: {line}", red=True)
    if found and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

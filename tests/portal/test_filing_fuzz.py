"""Whatever is typed into the filing form, the answer is a page with a message, never a server
error, and a refused post leaves no complaint and no file behind."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaints.models import Complaint
from evidence.models import StagedUpload
from tests.evidence.conftest import stored_files
from tests.evidence.samples import REFUSED, upload
from tests.portal.conftest import TELECOM

FIELDS = [name for name in TELECOM if name not in ("privacy_consent", "demands")]
HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1e309",
        "²",
        "٣",
        "NaN",
        "0001-01-01T00:00",
        "1000-01-01",
        "9999-12-31T23:59",
        "2026-02-30T10:00",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "\u202e",
        "\ud7ff",
        "x" * 5000,
        "+86 139 1234 5678",
        "a@b",
        "中国移动" * 60,
        "\r\n",
        "%00",
        "１２３４５６",
    ]
)
TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=300)
POSTS = st.fixed_dictionaries(
    {},
    optional={name: st.one_of(HOSTILE, TEXT) for name in [*FIELDS, "code", "staged", "website", "action"]}
    | {"demands": st.lists(st.one_of(HOSTILE, st.sampled_from(["refund", "apology", "x"])), max_size=3)},
)


@pytest.mark.django_db
@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    changes=POSTS, refused_file=st.booleans(), complaint_type=st.sampled_from(["telecom", "online_service"])
)
def test_any_post_of_the_filing_form_is_answered_without_a_server_error(
    client, private_storage, changes, refused_file, complaint_type, django_settings
):
    data = {**TELECOM, "action": "submit", **changes}
    if refused_file:
        data["files"] = [upload("evil.jpg", REFUSED["evil.jpg"][0])]
    response = client.post(f"/file/{complaint_type}/", data)
    assert response.status_code in (200, 400, 403, 429)
    assert not Complaint.objects.exists()
    if refused_file:
        assert not StagedUpload.objects.exists() and not stored_files(private_storage)


@pytest.fixture
def django_settings(settings):
    """No limit or captcha in the way: every example reaches the form's own checks."""
    settings.PORTAL_RATE = "100000/h"
    settings.CAPTCHA_AFTER_FAILURES = settings.CAPTCHA_AFTER_FAILURES_PER_ADDRESS = 10**6
    return settings

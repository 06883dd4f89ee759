"""With a read replica configured, the statistics (page, exports, scorecards) read from it and
everything else from the primary."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def statistics_queries(captured):
    tables = ("complaints_clock", "complaints_complaint")
    return [q for q in captured.captured_queries if any(table in q["sql"] for table in tables)]


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
@pytest.mark.parametrize("reads_from", ["replica", "default"])
def test_the_statistics_page_reads_from_the_configured_database(
    client, settings, reference_data, complaint_in, carol, reads_from
):
    settings.STATISTICS_DATABASE = reads_from
    complaint_in("resolved")
    client.force_login(carol)
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        page = client.get(reverse("admin:complaints_complaint_statistics"))
        card = client.get(
            reverse("admin:complaints_company_scorecard", args=[complaint_in("submitted").company_id])
        )
    assert page.status_code == 200 and card.status_code == 200
    on_replica = statistics_queries(replica)
    on_primary = [q for q in statistics_queries(primary) if q["sql"].startswith("SELECT")]
    if reads_from == "replica":
        assert len(on_replica) >= 5 and all(q["sql"].startswith("SELECT") for q in on_replica)
        assert not any("COUNT" in q["sql"] for q in on_primary)
    else:
        assert on_replica == []

"""Deadline rules come from the shared cache; a saved or deleted rule is seen by the next read
in every process once it is committed, and a rolled-back edit by none."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from complaints.choices import ComplaintType
from complaints.models import DeadlineRule
from complaints.models.rules import RULES

OTHER = ComplaintType.OTHER
ACCEPTANCE = DeadlineRule.Kind.ACCEPTANCE


@pytest.fixture
def shared_cache(settings):
    """The default cache as in production, where a read is no SQL query (here in this process)."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rules-test"},
    }
    cache.clear()
    yield cache
    cache.clear()


def acceptance_days():
    return DeadlineRule.for_type(OTHER)[ACCEPTANCE].days


def general_acceptance():
    return DeadlineRule.objects.get(kind=ACCEPTANCE, complaint_type="")


def elsewhere(read):
    """``read()`` in another thread, with its own database connection: another process."""
    result = {}

    def run():
        try:
            result["value"] = read()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result["value"]


@pytest.mark.django_db
def test_a_second_read_makes_no_query_and_gives_rules_a_clock_can_point_to(
    shared_cache, django_assert_num_queries
):
    first = DeadlineRule.for_type(OTHER)
    with django_assert_num_queries(0):
        again = DeadlineRule.for_type(OTHER)
    assert again.keys() == first.keys() and ACCEPTANCE in again
    rule = again[ACCEPTANCE]
    assert isinstance(rule, DeadlineRule) and rule.pk == first[ACCEPTANCE].pk
    assert (rule.days, rule.unit, rule.legal_basis, rule.warn_at_percent) == (
        first[ACCEPTANCE].days,
        first[ACCEPTANCE].unit,
        first[ACCEPTANCE].legal_basis,
        first[ACCEPTANCE].warn_at_percent,
    )


@pytest.mark.django_db
def test_each_type_is_kept_apart(shared_cache, django_assert_num_queries):
    telecom = DeadlineRule.objects.get(kind=ACCEPTANCE, complaint_type=ComplaintType.TELECOM)
    general = general_acceptance().days
    assert acceptance_days() == general != telecom.days  # telecom has a rule of its own
    with django_assert_num_queries(1):
        assert DeadlineRule.for_type(ComplaintType.TELECOM)[ACCEPTANCE].pk == telecom.pk
    with django_assert_num_queries(0):
        assert DeadlineRule.for_type(ComplaintType.TELECOM)[ACCEPTANCE].pk == telecom.pk
        assert acceptance_days() == general


@pytest.mark.django_db
def test_the_filing_form_reads_the_kept_rules(shared_cache, client):
    client.get("/file/other/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/file/other/")
    assert page.context["acceptance_rule"].days == general_acceptance().days
    assert not [q for q in queries if "deadlinerule" in q["sql"]]


@pytest.mark.django_db(transaction=True)
def test_a_rule_saved_in_code_is_seen_by_the_next_read(reference_data, shared_cache):
    before = acceptance_days()
    rule = general_acceptance()
    rule.days = before + 4
    rule.save()
    assert acceptance_days() == before + 4


@pytest.mark.django_db(transaction=True)
def test_rules_read_elsewhere_before_the_commit_are_not_used_after_it(reference_data, shared_cache):
    before = acceptance_days()
    generation = cache.get(RULES.key)
    with transaction.atomic():
        rule = general_acceptance()
        rule.days = before + 4
        rule.save()
        assert acceptance_days() == before + 4  # this transaction reads its own change
        assert elsewhere(acceptance_days) == before  # kept again, from the committed rows
        assert cache.get(RULES.key) == generation
    assert cache.get(RULES.key) != generation
    assert acceptance_days() == before + 4
    assert elsewhere(acceptance_days) == before + 4


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_edit_leaves_the_old_rule(reference_data, shared_cache, django_assert_num_queries):
    before = acceptance_days()
    with pytest.raises(RuntimeError), transaction.atomic():
        rule = general_acceptance()
        rule.days = before + 4
        rule.save()
        raise RuntimeError
    with django_assert_num_queries(0):
        assert acceptance_days() == before


@pytest.mark.django_db
def test_a_rolled_back_savepoint_leaves_the_old_rule(shared_cache):
    before = acceptance_days()
    with pytest.raises(RuntimeError), transaction.atomic():
        DeadlineRule.objects.filter(kind=ACCEPTANCE, complaint_type="").update(days=before + 4)
        assert acceptance_days() == before + 4
        raise RuntimeError
    assert acceptance_days() == before


@pytest.mark.django_db(transaction=True)
def test_a_rule_edited_in_the_admin_is_seen_by_the_next_read(reference_data, shared_cache, client):
    from django.contrib.auth import get_user_model

    before = acceptance_days()
    rule = general_acceptance()
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "pw"))
    data = {
        "kind": rule.kind,
        "complaint_type": "",
        "days": str(before + 4),
        "unit": rule.unit,
        "legal_basis_zh_hans": rule.legal_basis_zh_hans,
        "legal_basis_zh_hant": rule.legal_basis_zh_hant,
        "legal_basis_en": rule.legal_basis_en,
        "max_extension_days": str(rule.max_extension_days),
        "warn_at_percent": rule.warn_at_percent,
        "warn_days_before": str(rule.warn_days_before),
        "escalate_after_days": "",
        "_save": "Save",
    }
    response = client.post(f"/admin/complaints/deadlinerule/{rule.pk}/change/", data)
    assert response.status_code == 302
    assert acceptance_days() == before + 4
    assert client.get("/file/other/").context["acceptance_rule"].days == before + 4


@pytest.mark.django_db(transaction=True)
def test_a_deleted_rule_and_a_bulk_update_are_seen(reference_data, shared_cache):
    DeadlineRule.objects.create(kind=ACCEPTANCE, complaint_type=OTHER, days=2, legal_basis="test")
    assert acceptance_days() == 2
    DeadlineRule.objects.filter(complaint_type=OTHER).update(days=3)
    assert acceptance_days() == 3
    DeadlineRule.objects.filter(complaint_type=OTHER).delete()
    assert acceptance_days() == general_acceptance().days


@pytest.mark.django_db
def test_the_home_page_reads_the_rules_once_and_shows_an_edit_at_once(
    shared_cache, client, django_assert_num_queries
):
    client.get("/en/")
    with django_assert_num_queries(0):
        client.get("/en/")
    DeadlineRule.objects.filter(kind="acceptance", complaint_type="").update(days=9)
    assert "9 working days" in client.get("/en/").content.decode()

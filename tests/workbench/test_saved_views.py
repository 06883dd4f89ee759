"""Saved views: a staff member keeps a filtered list under a name; it shows on their index
only, and opens the same list."""

import pytest
from django.urls import reverse

from workbench.models import SavedView


@pytest.mark.django_db
def test_a_saved_view_opens_the_same_list_and_is_the_owners_alone(client, complaint_in, bob, alice):
    complaint_in("in_progress", assignee=bob)
    complaint_in("submitted")
    client.force_login(bob)
    changelist = reverse("admin:complaints_complaint_changelist")
    page = client.get(changelist, {"status__exact": "in_progress"}).content.decode()
    assert 'name="query" value="status__exact=in_progress"' in page
    saved = client.post(
        reverse("admin:complaints_complaint_saved_views"),
        {"name": "办理中", "query": "status__exact=in_progress"},
    )
    assert saved["Location"] == f"{changelist}?status__exact=in_progress"
    index = client.get(reverse("admin:index")).content.decode()
    assert f'href="{changelist}?status__exact=in_progress">办理中</a>' in index
    assert client.get(f"{changelist}?status__exact=in_progress").context["cl"].result_count == 1
    client.force_login(alice)
    assert "办理中</a>" not in client.get(reverse("admin:index")).content.decode()
    view = SavedView.objects.get()
    client.post(reverse("admin:complaints_complaint_saved_views"), {"forget": view.pk})
    assert SavedView.objects.count() == 1  # not hers to forget
    client.force_login(bob)
    client.post(reverse("admin:complaints_complaint_saved_views"), {"forget": view.pk})
    assert SavedView.objects.count() == 0


@pytest.mark.django_db
def test_a_view_without_a_name_is_refused_with_a_message(client, bob):
    client.force_login(bob)
    answer = client.post(
        reverse("admin:complaints_complaint_saved_views"), {"name": " ", "query": ""}, follow=True
    )
    assert answer.status_code == 200 and not SavedView.objects.exists()
    assert list(answer.context["messages"])

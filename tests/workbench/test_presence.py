"""Two staff with the same case open each see that the other is viewing it, before anyone saves."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone


@pytest.mark.django_db
def test_each_of_two_viewers_sees_the_other(complaint_in, bob, carol):
    complaint = complaint_in("in_progress", assignee=bob)
    case = reverse("admin:complaints_complaint_change", args=[complaint.pk])
    viewers = reverse("admin:complaints_complaint_viewers", args=[complaint.pk])
    first, second = Client(), Client()
    first.force_login(carol)
    second.force_login(bob)
    alone = first.get(f"/en{case}").content.decode()
    assert (
        'class="presence"' in alone and "hidden>" in alone.split('class="presence"')[1].split("</p>")[0][:400]
    )
    together = second.get(f"/en{case}").content.decode()
    notice = together.split('class="presence"')[1].split("</p>")[0]
    assert (
        "hidden" not in notice.split(">")[0] and "Also viewing this case now:" in notice and "carol" in notice
    )
    assert first.get(viewers).json() == {"others": ["bob"]}
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=60), tick=False):
        assert first.get(viewers).json() == {"others": []}  # bob closed the page a minute ago

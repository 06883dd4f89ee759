"""The language menu goes from any language to any other and back, on the home, filing,
tracking and receipt pages."""

import itertools

import pytest
from django.urls import reverse
from django.utils import translation

PREFIX = {"zh-hans": "", "zh-hant": "/zh-hant", "en": "/en"}


def pages(complaint):
    with translation.override("zh-hans"):
        return [
            reverse("portal:home"),
            reverse("portal:choose-type"),
            reverse("portal:track-lookup"),
            reverse("portal:receipt", args=[complaint.access_token]),
        ]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "switch_to"), list(itertools.permutations(PREFIX, 2)))
def test_the_menu_switches_every_page_from_one_language_to_another(client, make_complaint, start, switch_to):
    complaint = make_complaint()
    for page in pages(complaint):
        here = PREFIX[start] + page
        assert client.get(here).status_code == 200
        answer = client.post(reverse("set_language"), {"language": switch_to, "next": here})
        assert answer.status_code == 302 and answer["Location"] == PREFIX[switch_to] + page, (here, switch_to)
        assert answer.cookies["django_language"].value == switch_to
        shown = client.get(answer["Location"])
        assert shown.status_code == 200 and f'lang="{switch_to}"' in shown.content.decode()[:300]


@pytest.mark.parametrize("stored", ["+8613912345684", "13912345684", "139 1234 5684", "+86 139-1234-5684"])
def test_one_masking_rule_for_phones_everywhere(stored):
    from complaints.models import Complaint
    from notifications.admin import masked_recipient
    from notifications.models import Notice
    from portal.views import shown_address

    assert shown_address("sms", stored) == "139****5684"
    assert Complaint(complainant_phone=stored).masked_phone == "139****5684"
    assert masked_recipient(Notice(channel="sms", recipient=stored)) == "139****5684"

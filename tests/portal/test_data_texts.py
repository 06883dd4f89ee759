"""Texts stored as data (legal bases, type descriptions, other routes) are shown in the
visitor's language, and staff keep each language in the admin."""

import pytest
from django.urls import reverse
from django.utils import translation

from complaints.models import DeadlineRule
from portal.models import OtherRoute, TypeGuide


def admin_url(name, *args):
    with translation.override("zh-hans"):
        return reverse(name, args=args)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "shown", "not_shown"),
    [
        (
            "",
            ["《市场监督管理投诉举报处理暂行办法》第十四条", "商品与广告宣传不符。", "热线12300"],
            ["Art. 14"],
        ),
        (
            "/zh-hant",
            ["《市場監督管理投訴舉報處理暫行辦法》第十四條", "商品與廣告宣傳不符。", "熱線12300"],
            ["办法"],
        ),
        (
            "/en",
            [
                "Interim Measures for Handling Complaints and Reports in Market Regulation, Art. 14",
                "The product is not what the advertisement promised.",
                "hotline 12300",
            ],
            ["办法", "辦法"],
        ),
    ],
)
def test_the_home_page_shows_the_stored_texts_in_its_language(client, prefix, shown, not_shown):
    page = client.get(f"{prefix}/").content.decode()
    assert all(text in page for text in shown)
    assert not any(text in page for text in not_shown)


def _languages(field, hans, hant, en):
    return {f"{field}_zh_hans": hans, f"{field}_zh_hant": hant, f"{field}_en": en}


@pytest.mark.django_db
def test_a_supervisor_edits_a_type_description_in_each_language(client, carol):
    guide = TypeGuide.objects.get(complaint_type="phone_robot")
    client.force_login(carol)
    url = admin_url("admin:portal_typeguide_change", guide.pk)
    form = client.get(url).content.decode()
    assert all(f'name="description_{code}"' in form for code in ("zh_hans", "zh_hant", "en"))

    texts = _languages(
        "description", "营销电话一天打了十次。", "行銷電話一天打了十次。", "Ten sales calls a day."
    )
    assert client.post(url, {**texts, "_save": "1"}).status_code == 302
    client.logout()
    assert "Ten sales calls a day." in client.get("/en/file/").content.decode()
    assert "行銷電話一天打了十次。" in client.get("/zh-hant/file/").content.decode()
    assert "营销电话一天打了十次。" in client.get("/file/").content.decode()


@pytest.mark.django_db
def test_every_language_is_needed_and_nothing_is_lost_without_one(client, carol):
    client.force_login(carol)
    route = OtherRoute.objects.first()
    before = (route.name_en, route.contact_en)
    url = admin_url("admin:portal_otherroute_change", route.pk)
    data = {
        **_languages("name", "新名称", "新名稱", ""),
        **_languages("contact", "热线", "熱線", "hotline"),
        "position": "0",
    }
    answer = client.post(url, data)
    assert answer.status_code == 200 and answer.context["adminform"].form.errors["name_en"]
    route.refresh_from_db()
    assert (route.name_en, route.contact_en) == before


@pytest.mark.django_db
def test_a_supervisor_adds_a_route_shown_in_each_language(client, carol):
    client.force_login(carol)
    data = {
        **_languages("name", "消费者协会", "消費者委員會", "Consumers' association"),
        **_languages("contact", "热线12345", "熱線12345", "hotline 12345"),
        "position": "9",
    }
    assert client.post(admin_url("admin:portal_otherroute_add"), data).status_code == 302
    client.logout()
    assert (
        "<strong>Consumers&#x27; association</strong>: hotline 12345" in client.get("/en/").content.decode()
    )
    assert "<strong>消費者委員會</strong>：熱線12345" in client.get("/zh-hant/").content.decode()


@pytest.mark.django_db
def test_a_clock_keeps_the_published_legal_basis_whatever_the_language(make_complaint):
    rule = DeadlineRule.objects.get(kind="acceptance", complaint_type="")
    with translation.override("en"):
        complaint = make_complaint(complaint_type="other", language="en")
    clock = complaint.clocks.get(step="acceptance")
    assert clock.legal_basis == rule.legal_basis_zh_hans

"""Every public page in each of the three languages shows text of that language only: no
Simplified-only characters on Traditional pages (nor the reverse), no Chinese on English pages,
no English words on Chinese pages, no ASCII punctuation inside Chinese text. What people typed
(names, companies, the facts) and the names of other languages in the menu are left out."""

import dataclasses
import re

import pytest
import tinyhtml5
from django.urls import reverse
from django.utils import translation
from zhon import cedict

from companies.models import CompanyMember
from complaints.choices import ComplaintType

PREFIX = {"zh-hans": "", "zh-hant": "/zh-hant", "en": "/en"}
SIMPLIFIED_ONLY = set(cedict.simplified) - set(cedict.traditional)
TRADITIONAL_ONLY = set(cedict.traditional) - set(cedict.simplified)
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Names that stay as they are in Chinese text: file formats, the ODR channel, web addresses.
KEPT_NAMES = {
    "PDF",
    "Word",
    "Excel",
    "TXT",
    "CSV",
    "ODR",
    "App",
    "www",
    "cn",
    "ID",
    "HEIC",
    "MP",
    "SHA",
    "JPEG",
    "PNG",
}
ASCII_IN_CHINESE = re.compile(r"[\u4e00-\u9fff]\s*[,.:;!?()]|[,:;!?(]\s*[\u4e00-\u9fff]")
ADDRESS = re.compile(r"https?://\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+")
SKIPPED_TAGS = {"script", "style", "template", "noscript"}
SHOWN_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")


def shown_texts(html, language):
    """The text a visitor reads or hears on a page, without parts marked as another language."""
    found = []

    def walk(element):
        tag = element.tag.rpartition("}")[2]
        lang = element.get("lang")
        if tag in SKIPPED_TAGS or (lang and lang.lower() != language):
            return
        found.extend(element.get(name) for name in SHOWN_ATTRIBUTES if element.get(name))
        if tag == "input" and element.get("type") in ("submit", "button") and element.get("value"):
            found.append(element.get("value"))
        found.append(element.text or "")
        for child in element:
            walk(child)
            found.append(child.tail or "")

    walk(tinyhtml5.parse(html))
    return [text for text in (" ".join(t.split()) for t in found) if text]


def foreign_text(text, language):
    """What in ``text`` is not of ``language``."""
    text = ADDRESS.sub(" ", text)
    if language == "en":
        return CJK.findall(text)
    wrong = SIMPLIFIED_ONLY if language == "zh-hant" else TRADITIONAL_ONLY
    found = [char for char in text if char in wrong]
    found += [word for word in LATIN_WORD.findall(text) if word not in KEPT_NAMES]
    return found + ASCII_IN_CHINESE.findall(text)


def typed_values(*complaints):
    """What people typed, which a page shows as it was typed."""
    values = set()
    for complaint in complaints:
        for field in complaint._meta.concrete_fields:
            value = getattr(complaint, field.attname)
            if isinstance(value, str) and len(value) > 1:
                values.add(value)
        values.add(complaint.company.name)
        values.update(complaint.messages.values_list("body", flat=True))
        for evidence in complaint.evidence.all():
            values.update((evidence.original_name, evidence.sha256))
    return sorted(values, key=len, reverse=True)


def problems(client, url, language, typed, *, data=None):
    response = client.post(url, data, follow=True) if data is not None else client.get(url, follow=True)
    assert response.status_code in (200, 400, 404), (url, response.status_code)
    texts = []
    for text in shown_texts(response.content.decode(), language):
        for value in typed:
            text = text.replace(value, " ")
        texts.append(text)
    found = [
        f"{url}: {''.join(wrong)!r} in {text!r}" for text in texts if (wrong := foreign_text(text, language))
    ]
    if language != "en" and not found:
        # Punctuation next to Chinese in the element beside it: “投诉编号<strong>: ...”.
        whole = " ".join(texts)
        found += [
            f"{url}: {wrong!r} between elements"
            for wrong in ASCII_IN_CHINESE.findall(ADDRESS.sub(" ", whole))
        ]
    return found


def public_urls(complaints):
    """Every public page (in the default language; the prefix is added per language)."""
    with translation.override("zh-hans"):
        urls = [
            reverse("portal:home"),
            reverse("portal:choose-type"),
            *(reverse("portal:file", args=[kind]) for kind in ComplaintType),
            reverse("portal:track-lookup"),
            reverse("portal:track-code") + f"?number={complaints[0].number}",
            "/no-such-page/",
            reverse("companies:apply"),
            reverse("companies:login"),
            reverse("companies:password-reset"),
        ]
        for complaint in complaints:
            token = complaint.access_token
            urls += [reverse("portal:receipt", args=[token]), reverse("portal:track", args=[token])]
            urls += [
                reverse(f"portal:{name}", args=[token])
                for name in ("statement", "edit", "withdraw", "rate", "contact")
            ]
    return list(dict.fromkeys(urls))


@pytest.fixture
def complaints(portal_site, complaint_in):
    """One complaint in each situation the tracking pages show."""
    more = [complaint_in(state) for state in ("rejected", "appealed", "closed", "withdrawn")]
    return [*dataclasses.astuple(portal_site), *more]


@pytest.mark.django_db
@pytest.mark.parametrize("language", list(PREFIX))
def test_every_public_page_is_in_the_visitors_language_only(client, complaints, language):
    typed = typed_values(*complaints)
    found = []
    for url in public_urls(complaints):
        found += problems(client, PREFIX[language] + url, language, typed)
    assert not found, "\n".join(found)


@pytest.mark.django_db
@pytest.mark.parametrize("language", list(PREFIX))
def test_form_errors_are_in_the_visitors_language_only(client, complaints, language):
    """Forms sent back with every error they can show."""
    with translation.override("zh-hans"):
        forms = {
            reverse("portal:file", args=[kind]): {"action": "submit", "amount": "x", "complainant_email": "x"}
            for kind in ComplaintType
        }
        forms[reverse("portal:track-lookup")] = {"number": ""}
        for complaint in complaints:
            token = complaint.access_token
            for name in ("add-material", "proposal", "to-company", "performance", "rate", "contact", "edit"):
                forms[reverse(f"portal:{name}", args=[token])] = {}
    typed = typed_values(*complaints)
    found = []
    for url, data in forms.items():
        found += problems(client, PREFIX[language] + url, language, typed, data=data)
    assert not found, "\n".join(found)


@pytest.mark.django_db
@pytest.mark.parametrize("language", list(PREFIX))
def test_the_company_pages_are_in_the_visitors_language_only(client, portal_site, language):
    member = CompanyMember.objects.get(company=portal_site.forwarded.company)
    client.force_login(member.user)
    with translation.override("zh-hans"):
        urls = [
            reverse("companies:home"),
            reverse("companies:scorecard"),
            reverse("companies:members"),
            *(
                reverse("companies:complaint", args=[c.number])
                for c in (portal_site.forwarded, portal_site.settled)
            ),
        ]
    typed = typed_values(portal_site.forwarded, portal_site.settled)
    found = []
    for url in urls:
        found += problems(client, PREFIX[language] + url, language, typed)
    assert not found, "\n".join(found)


def test_the_checks_find_text_of_another_script():
    """The test above would see a page in the wrong script."""
    assert foreign_text("您的投诉已受理", "zh-hant") == list("诉")
    assert foreign_text("您的投訴已受理", "zh-hans") == list("訴")
    assert foreign_text("Your complaint 已受理", "en")
    assert foreign_text("投诉 number", "zh-hans") == ["number"]
    assert foreign_text("证据：PDF、Word", "zh-hans") == []
    assert foreign_text("证据: 截图", "zh-hans") == ["据:"]
    html = '<html lang="en"><body><p>Language</p><option lang="zh-hans">简体中文</option></body></html>'
    assert shown_texts(html, "en") == ["Language"]

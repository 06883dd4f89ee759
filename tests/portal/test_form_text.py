"""What the filing form says: one error for a field left empty, however many rules want it; a
label that is a sentence ends with its full stop, the others with the language's colon."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from complaints.choices import TYPE_REQUIRED_FIELDS, ComplaintType

SENTENCES = ("privacy_consent", "share_identity", "green_channel")


def errors_by_field(html):
    lists = re.findall(r'<ul class="errorlist" id="id_(\w+)_error">(.*?)</ul>', html, re.S)
    return {name: re.findall(r"<li>(.*?)</li>", items) for name, items in lists}


def labels(html):
    return dict(re.findall(r'<label for="id_(\w+)"[^>]*>(.*?)</label>', html, re.S))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ComplaintType)
def test_an_empty_field_shows_one_error(client, kind):
    response = client.post(f"/en/file/{kind}/", {"action": "submit"})
    errors = errors_by_field(response.content.decode())
    needed = [*TYPE_REQUIRED_FIELDS[kind], "demands", "observed", "complainant_name", "privacy_consent"]
    assert {name: len(errors[name]) for name in needed} == dict.fromkeys(needed, 1)
    for name in TYPE_REQUIRED_FIELDS[kind]:  # the type's own reason, not Django's "required"
        assert errors[name] == [f"This is needed for a complaint of type “{kind.label}”."]


@pytest.mark.django_db
@pytest.mark.parametrize("prefix, language", [("", "zh-hans"), ("/zh-hant", "zh-hant"), ("/en", "en")])
def test_sentences_take_no_colon_and_fields_take_the_languages(client, prefix, language):
    shown = labels(client.get(f"{prefix}/file/telecom/").content.decode())
    for name in SENTENCES:
        assert shown[name][-1] in "。.", shown[name]
    with translation.override(language):
        colon = gettext(":")
    assert colon in ":：" and shown["complainant_name"].endswith(colon)
    assert not any("*" in label for label in shown.values())  # the required mark is the style's

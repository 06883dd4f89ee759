"""What a person sees at common widths: the language menu's label on one line, a time limit on
the home page never broken between its number and unit, and the consent sentences read out
without a stray colon or star."""

from pathlib import Path

import pytest
from django.utils import translation

from portal.forms import FilingExtrasForm
from tests.portal.conftest import CHROMIUM

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")

# How many lines the text of an element takes.
LINES = """el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
}"""
CONSENTS = ("privacy_consent", "share_identity", "green_channel")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 1024, 375])
def test_the_language_label_is_one_line(page_factory, width):
    page = page_factory(width=width, height=800)
    for prefix in ("", "/en"):
        page.goto(f"{prefix}/track/")
        assert page.eval_on_selector("label[for=language]", LINES) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 375])
def test_a_time_limit_is_never_broken(page_factory, width):
    page = page_factory(width=width, height=800)
    for prefix in ("", "/en"):
        page.goto(f"{prefix}/")
        limits = page.locator(".deadlines tbody td:nth-child(2)")  # “7 工作日”, “7 working days”
        assert limits.count() > 5
        assert [cell.evaluate(LINES) for cell in limits.all()] == [1] * limits.count(), (
            limits.all_inner_texts()
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("prefix, language", [("", "zh-hans"), ("/en", "en")])
def test_consent_sentences_are_read_as_written(page_factory, prefix, language):
    page = page_factory(width=1280, height=800)
    page.goto(f"{prefix}/file/telecom/")
    with translation.override(language):
        sentences = [str(FilingExtrasForm.base_fields[name].label) for name in CONSENTS]
    for sentence in sentences:  # no colon after the full stop, no star read out
        assert page.get_by_role("checkbox", name=sentence, exact=True).count() == 1, sentence
    star = page.eval_on_selector(
        "label[for=id_privacy_consent]", "label => getComputedStyle(label, '::after').content"
    )
    assert star.startswith('"*"')  # shown, for the eye only

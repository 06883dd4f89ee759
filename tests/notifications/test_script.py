"""Every email and SMS, in each of the three languages, is in that language only (the checks of
the public pages' script test)."""

import pytest

from notifications.events import EVENTS
from notifications.services import render
from tests.portal.test_script import PREFIX, foreign_text, shown_texts


class Anything(dict):
    """A value for every placeholder: a number, which is at home in every language."""

    def __missing__(self, key):
        return 1


@pytest.mark.parametrize("language", list(PREFIX))
def test_every_notice_is_in_its_language_only(language):
    found = []
    for event in EVENTS:
        _, sms, _ = render(event, "sms", language, Anything())
        subject, body, html = render(event, "email", language, Anything())
        texts = [sms, subject, *body.splitlines(), *shown_texts(html, language)]
        found += [
            f"{event}: {''.join(wrong)!r} in {text!r}"
            for text in texts
            if (wrong := foreign_text(text, language))
        ]
    assert not found, "\n".join(found)

"""The answer after asking for a tracking code is in the visitor's language."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("/en", "If this complaint number exists, a code was sent"), ("/zh-hant", "驗證碼"), ("", "验证码")],
)
def test_the_same_answer_in_the_pages_language(client, make_complaint, prefix, expected):
    complaint = make_complaint()
    answer = client.post(f"{prefix}/track/", {"number": complaint.number}, follow=True)
    assert answer.status_code == 200
    assert expected in " ".join(str(m) for m in answer.context["messages"])

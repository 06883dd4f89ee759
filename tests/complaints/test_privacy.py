"""What a company reads of a complainant who did not consent: identifying details masked."""

import types

import pytest

from complaints.privacy import for_company, redact

ZHANG = types.SimpleNamespace(
    complainant_name="张三",
    complainant_email="zhang@example.com",
    complainant_id_number="110101199003074514",
    share_identity=False,
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("客服 13912345678 说会退款", "客服 *** 说会退款"),
        ("打 139.1234.5678 或 +86 139 1234 5678", "打 *** 或 ***"),
        ("１３９１２３４５６７８", "***"),
        ("座机 010-62345678", "座机 ***"),
        ("我是张 三，我姓张，张先生", "我是***，我***，***"),
        ("邮箱 ZHANG@example.com，另一个 li@example.org", "邮箱 ***，另一个 ***"),
        ("身份证 11010119900307451X", "身份证 ***"),
        (
            "订单 SZ2026112900001，金额 1399 元，2026-11-28 20:30 下单",
            "订单 SZ2026112900001，金额 1399 元，2026-11-28 20:30 下单",
        ),
    ],
)
def test_identifying_details_are_masked(text, shown):
    assert redact(text, ZHANG) == shown


def test_a_latin_name_in_any_case_and_the_text_as_written_with_consent():
    li = types.SimpleNamespace(
        complainant_name="Li Si", complainant_email="", complainant_id_number="", share_identity=False
    )
    assert redact("This is li si (LISI) writing", li) == "This is *** (***) writing"
    assert (
        for_company("张三 13912345678", types.SimpleNamespace(**{**vars(ZHANG), "share_identity": True}))
        == "张三 13912345678"
    )

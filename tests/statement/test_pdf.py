"""The statement PDF of every type: each fact the type asks for, read back from the PDF."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from complaints.choices import TYPE_REQUIRED_FIELDS, ComplaintType, Demand
from tests.statement.conftest import PRINTED, STORY_VALUES, pdf_fonts, pdf_text


def statement_pdf(client, complaint, language="zh-hans"):
    with translation.override(language):
        url = reverse("portal:statement-pdf", args=[complaint.access_token])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{complaint.number}.pdf"'
    return response.content


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ComplaintType.values)
def test_every_fact_of_the_type_is_in_the_pdf(client, typed_complaint, kind, tmp_path):
    complaint = typed_complaint(kind)
    content = statement_pdf(client, complaint)
    text = pdf_text(content, tmp_path)
    evidence = complaint.evidence.get()
    when = timezone.localtime(complaint.occurred_at).strftime("%Y-%m-%d %H:%M")
    expected = [PRINTED[name] for name in TYPE_REQUIRED_FIELDS[kind]]
    expected += [STORY_VALUES[name] for name in ("location_function", "observed", "consequence")]
    with translation.override("zh-hans"):
        demands = [str(Demand(d).label) for d in STORY_VALUES["demands"]]
        type_label = str(ComplaintType(kind).label)
    for value in [*expected, "1234.56", STORY_VALUES["demand_other"], *demands, type_label, when]:
        assert value in text, value
    assert complaint.number in text
    assert complaint.masked_phone in text and str(complaint.complainant_phone.national_number) not in text
    assert evidence.sha256 in text and "付款截图.jpg" in text
    assert "—（" not in text and "(—" not in text
    fonts = pdf_fonts(content, tmp_path)
    assert fonts and all(embedded == "yes" for _name, embedded in fonts), fonts


@pytest.mark.django_db
def test_the_english_pdf_has_the_english_labels(client, typed_complaint, tmp_path):
    complaint = typed_complaint(ComplaintType.TELECOM)
    text = pdf_text(statement_pdf(client, complaint, language="en"), tmp_path)
    for label in (
        "Complaint statement of facts",
        "Complaint number",
        "Service phone number",
        "Service account",
        "When it happened",
        "Consequence",
        "Amount involved (yuan)",
        "Refund",
        "SHA-256",
        "I declare that the above is true.",
    ):
        assert label in text, label
    assert "2000-" not in text and "系统" not in text


@pytest.mark.django_db
def test_traditional_chinese_is_set_in_the_traditional_font(client, typed_complaint, tmp_path):
    complaint = typed_complaint(ComplaintType.OTHER, language="zh-hant")
    names = [name for name, _embedded in pdf_fonts(statement_pdf(client, complaint, "zh-hant"), tmp_path)]
    assert any("Noto-Sans-CJK-TC" in name for name in names)
    assert not any("Noto-Sans-CJK-SC" in name for name in names), names

"""The printable statement page in the portal's layout, with its print button and PDF link."""

import pytest
from django.urls import reverse
from django.utils import translation

from complaints.choices import ComplaintType


def statement_page(client, complaint, language):
    with translation.override(language):
        url = reverse("portal:statement", args=[complaint.access_token])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_page_prints_and_links_the_pdf(client, typed_complaint):
    complaint = typed_complaint(ComplaintType.PRIVACY_LEAK)
    page = statement_page(client, complaint, "en")
    assert "<h1>Complaint statement of facts</h1>" in page
    assert reverse("portal:statement-pdf", args=[complaint.access_token]) in page
    assert "data-print" in page and complaint.evidence.get().sha256 in page
    assert "身份证号与住址LD9" in page
    main = page.split('<main id="main">')[1]
    assert "—" not in main and "System or app" not in main  # no system entered, no empty row


@pytest.mark.django_db
def test_the_title_in_simplified_chinese(client, typed_complaint):
    page = statement_page(client, typed_complaint(ComplaintType.OTHER), "zh-hans")
    assert "<h1>投诉事实陈述书</h1>" in page and "<title>投诉事实陈述书" in page

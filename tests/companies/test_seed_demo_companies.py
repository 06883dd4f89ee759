import pytest
from django.core.management import call_command

from complaints.models import Complaint


@pytest.mark.django_db
def test_the_demo_company_answers_a_demo_complaint_on_its_own_pages(settings, capsys, client):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo_companies")
    printed = capsys.readouterr().out
    call_command("seed_demo_companies")  # again: nothing more
    assert "company@example.com / demo-complaints-2026" in printed
    complaint = Complaint.objects.get(source_ref="DEMO-04")
    assert complaint.company.odr_enrolled and complaint.proposals.count() == 1
    signed_in = client.post(
        "/en/company/login/", {"username": "company@example.com", "password": "demo-complaints-2026"}
    )
    assert signed_in["Location"] == "/en/company/"
    page = client.get("/en/company/").content.decode()
    assert complaint.number in page

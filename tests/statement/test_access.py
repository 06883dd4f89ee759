"""Who gets the statement PDF: the complainant by their link, staff who may see the complaint
(recorded), the company only with the complainant's consent to share who they are."""

import pytest
from django.urls import reverse

from companies.models import CompanyView
from staffaccess.models import AccessAction, AccessRecord
from tests.companies.conftest import make_member as make_member  # noqa: F401
from tests.companies.conftest import manager as manager  # noqa: F401
from tests.companies.conftest import odr_company as odr_company  # noqa: F401
from tests.companies.conftest import rival as rival  # noqa: F401

PDF = "application/pdf"


@pytest.fixture
def forwarded(make_complaint, drive, odr_company):  # noqa: F811
    def make(share_identity):
        complaint = make_complaint(share_identity=share_identity)
        return drive(complaint, "accept", "start", "forward_to_company")

    return make


def company_urls(complaint):
    return (
        reverse("companies:complaint", args=[complaint.number]),
        reverse("companies:statement-pdf", args=[complaint.number]),
    )


@pytest.mark.django_db
def test_a_wrong_link_is_not_found(client, make_complaint):
    complaint = make_complaint()
    token = complaint.access_token
    wrong = token[:-4] + ("aaaa" if not token.endswith("aaaa") else "bbbb")
    assert client.get(reverse("portal:statement-pdf", args=[wrong])).status_code == 404
    for path in ("/track/short/statement.pdf", "/track/%00%00%00%00%00%00%00%00%00/statement.pdf"):
        assert client.get(path).status_code in (400, 404)


@pytest.mark.django_db
def test_staff_who_may_see_the_complaint_get_it_and_it_is_recorded(client, make_complaint, bob, dave):
    complaint = make_complaint()
    url = reverse("admin:complaints_complaint_statement", args=[complaint.pk])
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(dave)
    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:complaints_complaint_statement", args=["nonsense"])).status_code == 404
    client.force_login(bob)
    case = client.get(reverse("admin:complaints_complaint_change", args=[complaint.pk]))
    assert url in case.content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == PDF
    assert response["Content-Disposition"] == f'attachment; filename="{complaint.number}.pdf"'
    recorded = AccessRecord.objects.filter(username="bob", action=AccessAction.VIEWED_DETAILS)
    assert list(recorded.values_list("subject", flat=True)) == [
        f"{complaint.number} · statement.pdf",
        complaint.number,  # the case page
    ]


@pytest.mark.django_db
def test_the_company_gets_it_only_with_the_complainants_consent(client, forwarded, manager, rival):  # noqa: F811
    shared, withheld = forwarded(share_identity=True), forwarded(share_identity=False)
    client.force_login(manager.user)
    page, pdf = company_urls(shared)
    assert pdf in client.get(page).content.decode()
    response = client.get(pdf)
    assert response.status_code == 200 and response["Content-Type"] == PDF
    assert CompanyView.objects.filter(complaint=shared, user=manager.user, evidence=None).count() == 2
    page, pdf = company_urls(withheld)
    assert pdf not in client.get(page).content.decode()
    assert client.get(pdf).status_code == 404
    client.force_login(rival.user)  # another company: as if there were no such complaint
    assert client.get(company_urls(shared)[1]).status_code == 404

import pytest
from django.contrib.auth import get_user_model

from companies.models import CompanyMember
from complaints.models import Company


@pytest.fixture
def make_member(db):
    """A user of ``company`` on its pages (a manager unless ``role`` says otherwise)."""

    def make(company, email, role=CompanyMember.Role.MANAGER, password="Tr0ub4dor&3-company"):  # noqa: S107
        user = get_user_model().objects.create_user(username=email, email=email, password=password)
        return CompanyMember.objects.create(user=user, company=company, role=role)

    return make


@pytest.fixture
def odr_company(company):
    """The company of ``make_complaint``, on the ODR channel."""
    company.odr_enrolled = True
    company.save(update_fields=["odr_enrolled"])
    return company


@pytest.fixture
def manager(make_member, odr_company):
    return make_member(odr_company, "manager@company.example")


@pytest.fixture
def rival(make_member, db):
    """A user of another company on the ODR channel."""
    other = Company.objects.create(
        name="另一家公司",
        contact_email="answers@rival.example",
        contact_phone="+8613700000000",
        odr_enrolled=True,
    )
    return make_member(other, "agent@rival.example", role=CompanyMember.Role.AGENT)

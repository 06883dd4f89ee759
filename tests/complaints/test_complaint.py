"""What a complaint must contain, and how it is numbered."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from complaints.choices import TYPE_REQUIRED_FIELDS, ComplaintType, Demand
from complaints.models import Company

BLANKS = {
    "service_phone": "",
    "service_account": "",
    "order_number": "",
    "caller_number": "",
    "product_name": "",
    "leaked_data": "",
    "service_channel": "",
    "advert_location": "",
    "location_system": "",
    "expected": "",
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [k for k in ComplaintType if TYPE_REQUIRED_FIELDS[k]])
def test_each_type_refuses_input_without_its_fields(kind, make_complaint):
    with pytest.raises(ValidationError) as error:
        make_complaint(complaint_type=kind, **BLANKS)
    assert set(error.value.message_dict) == set(TYPE_REQUIRED_FIELDS[kind])
    for field in TYPE_REQUIRED_FIELDS[kind]:
        assert (
            "needed for a complaint of type" in error.value.message_dict[field][0]
            or "类型" in error.value.message_dict[field][0]
        )


@pytest.mark.django_db
def test_telecom_complaint_with_its_fields_is_accepted(make_complaint):
    complaint = make_complaint(
        complaint_type=ComplaintType.TELECOM, service_phone="13800138000", service_account="A-1"
    )
    assert complaint.pk


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["12345678901", "+8601012345678", "1380013800", "hello"])
def test_mobile_number_must_be_a_real_mobile_number(phone, make_complaint):
    with pytest.raises(ValidationError) as error:
        make_complaint(complainant_phone=phone)
    assert "complainant_phone" in error.value.message_dict


@pytest.mark.django_db
def test_id_number_is_checked_and_masked(make_complaint):
    with pytest.raises(ValidationError) as error:
        make_complaint(complainant_id_number="110101199003077777")
    assert "complainant_id_number" in error.value.message_dict
    complaint = make_complaint(complainant_id_number="11010519491231002X")
    assert complaint.masked_id_number == "110105********002X"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("demands", "other", "field"),
    [([], "", "demands"), (["cake"], "", "demands"), ([Demand.OTHER], "", "demand_other")],
)
def test_demands_are_checked(demands, other, field, make_complaint):
    with pytest.raises(ValidationError) as error:
        make_complaint(demands=demands, demand_other=other)
    assert field in error.value.message_dict


@pytest.mark.django_db
def test_event_in_the_future_is_refused(make_complaint):
    with pytest.raises(ValidationError) as error:
        make_complaint(occurred_at=timezone.now() + timezone.timedelta(days=2))
    assert "occurred_at" in error.value.message_dict


@pytest.mark.django_db
def test_credit_code_is_checked():
    Company(name="A", credit_code="91350100M000100Y43").full_clean()
    with pytest.raises(ValidationError):
        Company(name="B", credit_code="91350100M000100Y44").full_clean()


@pytest.mark.django_db
def test_numbers_are_readable_unique_and_tokens_unguessable(make_complaint, time_machine):
    # 00:30 in Shanghai is still the previous day in UTC: the number carries the local date.
    time_machine.move_to(
        dt.datetime(2026, 12, 1, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False
    )
    first, second = make_complaint(), make_complaint()
    assert re.fullmatch(r"TS-20261201-\d{6}", first.number)
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1
    assert len(first.access_token) >= 43 and first.access_token != second.access_token

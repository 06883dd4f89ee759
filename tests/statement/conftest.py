import subprocess
from decimal import Decimal

import pytest

from complaints.choices import TYPE_REQUIRED_FIELDS, Demand
from evidence.services import evidence_attach
from tests.evidence.conftest import private_storage as private_storage  # noqa: F401
from tests.evidence.samples import image, upload

# A value no other field has, for every fact a type can ask for.
TYPE_VALUES = {
    "location_system": "掌上营业厅LS7",
    "expected": "应显示余额EX3",
    "leaked_data": "身份证号与住址LD9",
    "product_name": "路由器AX3000PN5",
    "service_phone": "+8613800138007",
    "service_account": "ACC20009911",
    "order_number": "ORD778899",
    "service_channel": "营业厅柜台SC3",
    "caller_number": "95511321",
    "advert_location": "地铁站灯箱广告AD4",
}
STORY_VALUES = {
    "location_function": "账单详情LF2",
    "observed": "页面显示欠费OB1",
    "consequence": "停机两天CQ8",
    "amount": Decimal("1234.56"),
    "demands": [Demand.REFUND, Demand.OTHER],
    "demand_other": "补偿话费DO7",
}
# As the statement prints them (phone numbers in their national form).
PRINTED = {**TYPE_VALUES, "service_phone": "138 0013 8007"}


@pytest.fixture
def typed_complaint(make_complaint):
    """A complaint of ``kind`` with its type's facts, the story and one evidence file."""

    def make(kind, **fields):
        values = {"service_phone": "", "service_account": "", **STORY_VALUES}
        values.update({name: TYPE_VALUES[name] for name in TYPE_REQUIRED_FIELDS[kind]})
        complaint = make_complaint(complaint_type=kind, **{**values, **fields})
        evidence_attach(complaint=complaint, uploads=[upload("付款截图.jpg", image())])
        return complaint

    return make


def pdf_text(content, tmp_path):
    """The PDF's text as ``pdftotext -layout`` reads it."""
    path = tmp_path / "statement.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_fonts(content, tmp_path):
    """[(font name, embedded)] from ``pdffonts``."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = lines.splitlines()[2:]
    return [(row.split()[0], row.split()[-5]) for row in rows]

"""The company's pages: only its own forwarded complaints, what it may see of the complainant,
and the answers, proposals and settlement that pass between it and the complainant."""

import datetime as dt
import re

import pytest
import time_machine
from django_fsm_log.models import StateLog

from companies.models import CompanyView
from complaints.choices import ComplaintType
from complaints.models import Company
from evidence.models import Evidence
from notifications.models import Notice
from tests.evidence.samples import image, upload
from tests.portal.conftest import TELECOM, last_code
from tests.portal.conftest import _codes_delivered_when_written as _codes_delivered_when_written  # noqa: F401
from tests.portal.conftest import sms_outbox as sms_outbox  # noqa: F401

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
D = dt.date
STORY = "客服 13912345678 说会退款，我的邮箱 zhang@example.com，身份证 110101199003074514，张三。"


def at(day, hour=10):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


@pytest.fixture
def forwarded(make_complaint, drive, odr_company, bob):
    """A complaint forwarded to the ODR company on 28 Sep 2026, with two files."""

    def make(**fields):
        with time_machine.travel(at(D(2026, 9, 28)), tick=False):
            complaint = make_complaint(
                complaint_type=ComplaintType.OTHER,
                occurred_at=at(D(2026, 9, 27)),
                complainant_name="张三",
                complainant_phone="+8613912345678",
                complainant_email="zhang@example.com",
                complainant_id_number="110101199003074514",
                observed=STORY,
                **fields,
            )
            for name, nobody in (("账单.png", True), ("身份证.png", False)):
                Evidence.objects.create(
                    complaint=complaint,
                    file=upload(name, image()),
                    original_name=name,
                    kind="image",
                    mime_type="image/png",
                    size=10,
                    sha256="0" * 64,
                    identifies_nobody=nobody,
                )
            drive(complaint, "accept", "start", "forward_to_company")
        return complaint

    return make


def company_page(client, member, complaint):
    client.force_login(member.user)
    return client.get(f"/en/company/complaints/{complaint.number}/")


@pytest.mark.django_db
def test_a_company_reaches_none_of_another_companys_complaints(client, forwarded, manager, rival, alice):
    complaint = forwarded()
    files = list(complaint.evidence.values_list("pk", flat=True))
    urls = [
        f"/en/company/complaints/{complaint.number}/",
        *[f"/en/company/complaints/{complaint.number}/evidence/{pk}/" for pk in files],
    ]
    posts = [
        f"/en/company/complaints/{complaint.number}/{a}/" for a in ("reply", "ask", "propose", "decline")
    ]
    client.force_login(rival.user)
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    assert [client.post(url, {"message": "x"}).status_code for url in posts] == [404] * len(posts)
    assert complaint.number not in client.get("/en/company/").content.decode()
    # The complainant's private link opens nothing on the company's pages.
    assert client.get(f"/en/company/complaints/{complaint.access_token}/").status_code == 404
    client.logout()
    assert client.get(urls[0])["Location"].startswith("/en/company/login/")  # signed out
    client.force_login(alice)  # staff work in the admin, not here
    assert client.get(urls[0])["Location"].startswith("/en/company/login/")
    assert not CompanyView.objects.exists()
    client.force_login(manager.user)
    assert client.get(urls[0]).status_code == 200
    assert complaint.messages.count() == 0 and complaint.proposals.count() == 0


@pytest.mark.django_db
def test_without_consent_nothing_identifying_reaches_the_company(client, forwarded, manager):
    complaint = forwarded(share_identity=False)
    page = company_page(client, manager, complaint).content.decode()
    email = Notice.objects.get(event="forwarded_to_company", channel="email")
    for secret in ("张三", "13912345678", "zhang@example.com", "110101199003074514", "身份证.png"):
        assert secret not in page and secret not in email.body + email.html
    assert "客服 *** 说会退款" in page and "账单.png" in page
    hidden = complaint.evidence.get(original_name="身份证.png")
    assert client.get(f"/en/company/complaints/{complaint.number}/evidence/{hidden.pk}/").status_code == 404
    shown = complaint.evidence.get(original_name="账单.png")
    assert client.get(f"/en/company/complaints/{complaint.number}/evidence/{shown.pk}/").status_code == 200
    views = CompanyView.objects.filter(complaint=complaint, user=manager.user)
    assert sorted(views.values_list("evidence__original_name", flat=True), key=str) == [None, "账单.png"]


@pytest.mark.django_db
def test_with_consent_the_company_sees_the_person_and_every_file(client, forwarded, manager):
    complaint = forwarded(share_identity=True)
    page = company_page(client, manager, complaint).content.decode()
    assert "张三" in page and "13912345678" in page and "zhang@example.com" in page
    assert "身份证.png" in page and "账单.png" in page


def post_as(client, user, url, data):
    client.force_login(user)
    return client.post(url, data)


@pytest.mark.django_db
def test_propose_reject_propose_accept_then_performance(client, forwarded, manager, bob):
    bob.email = "bob@example.com"
    bob.save()
    complaint = forwarded(share_identity=False)
    base = f"/en/company/complaints/{complaint.number}"
    track = f"/en/track/{complaint.access_token}"
    with time_machine.travel(at(D(2026, 10, 9)), tick=False):
        empty = post_as(client, manager.user, f"{base}/propose/", {"version": 2, "done_by": "2026-10-20"})
        assert (
            empty.status_code == 400
            and "Offer a refund, a compensation or an action." in empty.content.decode()
        )
        past = post_as(
            client, manager.user, f"{base}/propose/", {"version": 2, "refund": "30", "done_by": "2026-10-01"}
        )
        assert "Choose a date from today to a year from now." in past.content.decode()
        complaint.refresh_from_db()
        first = {"version": complaint.version, "refund": "30", "done_by": "2026-10-20"}
        assert post_as(client, manager.user, f"{base}/propose/", first).status_code == 302
        clock = complaint.clocks.get(step="company")
        assert (clock.state, clock.ended_by, clock.taken_days) == ("met", "company_propose", 4)
        client.logout()
        page = client.get(f"{track}/").content.decode()
        assert "Refund: ¥30.00" in page and "I accept: this settles my complaint" in page
        complaint.refresh_from_db()
        no_reason = client.post(f"{track}/proposal/", {"version": complaint.version, "answer": "reject"})
        assert "Say why the proposal is not acceptable." in client.get(no_reason["Location"]).content.decode()
        client.post(
            f"{track}/proposal/",
            {"version": complaint.version, "answer": "reject", "reason": "太少了，打给我 13912345678"},
        )
        complaint.refresh_from_db()
        second = {
            "version": complaint.version,
            "refund": "141",
            "compensation": "50",
            "action": "apologise",
            "done_by": "2026-10-20",
        }
        assert post_as(client, manager.user, f"{base}/propose/", second).status_code == 302
        seen = company_page(client, manager, complaint).content.decode()
        assert "太少了，打给我 ***" in seen and "13912345678" not in seen  # redacted without consent
        client.logout()
        complaint.refresh_from_db()
        client.post(f"{track}/proposal/", {"version": complaint.version, "answer": "accept"})
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == ("resolved", "settled_by_company")
    assert list(complaint.proposals.values_list("status", flat=True)) == ["rejected", "accepted"]
    steps = list(StateLog.objects.for_(complaint).values_list("transition", flat=True))
    assert steps[-4:] == ["company_propose", "reject_proposal", "company_propose", "accept_proposal"]
    told = Notice.objects.filter(complaint=complaint)
    assert told.filter(event="company_proposed", channel="sms").count() == 2
    assert (
        told.filter(event="proposal_rejected").values_list("recipient", flat=True).get()
        == "complaints@company.example"
    )
    assert told.filter(event="proposal_accepted", channel="email").count() == 1
    assert "13912345678" not in told.get(event="proposal_rejected").body
    # After the promised date the complainant says it was not done; the handler is told.
    with time_machine.travel(at(D(2026, 10, 19)), tick=False):
        assert "Did the company do what it promised?" not in client.get(f"{track}/").content.decode()
    with time_machine.travel(at(D(2026, 10, 21)), tick=False):
        assert "Did the company do what it promised?" in client.get(f"{track}/").content.decode()
        told = client.post(
            f"{track}/performance/",
            {"version": complaint.version, "done": "not_done", "note": "只退了 141 元，没有赔偿。"},
        )
        assert "Staff were told it was not done." in client.get(told["Location"]).content.decode()
    failed = Notice.objects.get(event="performance_failed")
    assert failed.recipient == "bob@example.com" and "没有赔偿" in failed.body
    assert complaint.proposals.get(status="accepted").performed is False


@pytest.mark.django_db
def test_declining_sends_the_complaint_back_to_staff(client, forwarded, manager, bob):
    bob.email = "bob@example.com"
    bob.save()
    complaint = forwarded()
    base = f"/en/company/complaints/{complaint.number}"
    with time_machine.travel(at(D(2026, 9, 30)), tick=False):
        empty = post_as(
            client, manager.user, f"{base}/decline/", {"version": complaint.version, "reason": " "}
        )
        assert empty.status_code == 400
        post_as(
            client,
            manager.user,
            f"{base}/decline/",
            {"version": complaint.version, "reason": "该订单由第三方商家销售。"},
        )
        complaint.refresh_from_db()
        assert complaint.company_declined_at is not None and complaint.status == "in_progress"
        page = company_page(client, manager, complaint).content.decode()
        assert (
            "You declined responsibility; staff are mediating." in page
            and 'action="' + base + '/reply/"' not in page
        )
        late = post_as(
            client, manager.user, f"{base}/reply/", {"version": complaint.version, "message": "再看看"}
        )
        assert "no longer takes answers from you" in client.get(late["Location"]).content.decode()
    assert Notice.objects.get(event="company_declined_staff").recipient == "bob@example.com"
    assert Notice.objects.filter(event="company_declined", complaint=complaint).exists()
    assert complaint.clocks.get(step="company").ended_by == "company_decline"
    assert complaint.clocks.get(step="reply").state == "running"  # the regulator's clock runs on


@pytest.mark.django_db
def test_messages_pass_between_the_complainant_and_the_company(client, forwarded, manager):
    complaint = forwarded(share_identity=True)
    base = f"/en/company/complaints/{complaint.number}"
    track = f"/en/track/{complaint.access_token}"
    with time_machine.travel(at(D(2026, 9, 29)), tick=False):
        post_as(
            client,
            manager.user,
            f"{base}/ask/",
            {"version": complaint.version, "question": "请提供订单截图。"},
        )
        client.logout()
        page = client.get(f"{track}/").content.decode()
        assert "The company wrote" in page and "请提供订单截图。" in page
        complaint.refresh_from_db()
        client.post(f"{track}/to-company/", {"version": complaint.version, "text": "截图已上传。"})
        assert "截图已上传。" in company_page(client, manager, complaint).content.decode()
    assert Notice.objects.filter(event="company_asked", complaint=complaint, channel="sms").count() == 1
    wrote = Notice.objects.get(event="complainant_wrote")
    assert (
        wrote.channel == "email" and "截图已上传。" in wrote.body and complaint.access_token not in wrote.body
    )


@pytest.mark.django_db
def test_the_green_channel_forwards_at_acceptance(client, odr_company, drive, sms_outbox):  # noqa: F811
    data = {**TELECOM, "green_channel": "on", "action": "send_code"}
    client.post("/file/telecom/", data)
    response = client.post("/file/telecom/", {**data, "action": "submit", "code": last_code(sms_outbox)})
    assert response.status_code == 302
    complaint = odr_company.complaints.get()
    assert complaint.green_channel and complaint.forwarded_at is None
    drive(complaint, "accept")
    complaint.refresh_from_db()
    assert complaint.forwarded_at is not None and complaint.clocks.filter(step="company").exists()
    assert StateLog.objects.for_(complaint).filter(transition="forward_to_company", by=None).exists()


@pytest.mark.django_db
def test_the_green_channel_is_only_for_a_company_on_the_odr_channel(client, sms_outbox):  # noqa: F811
    Company.objects.create(name="中国移动通信集团有限公司", contact_email="a@example.com")
    response = client.post(
        "/file/telecom/", {**TELECOM, "green_channel": "on", "action": "submit", "code": "123456"}
    )
    assert response.status_code == 400
    assert "该企业未在本平台答复投诉" in str(response.context["extras"].errors["green_channel"])
    assert not Company.objects.get().complaints.exists()


@pytest.mark.django_db
def test_the_scorecard_on_the_companys_pages(client, forwarded, manager, rival):
    forwarded(), forwarded()  # two forwarded in September 2026
    client.force_login(manager.user)
    with time_machine.travel(at(D(2026, 10, 22)), tick=False):
        page = client.get("/en/company/scorecard/?month=2026-09").content.decode()
        assert "How the figures are counted" in page
        row = re.search(r"Forwarded to the company</th>(.*?)</tr>", page, re.S).group(1)
        assert re.findall(r"<td>(.*?)</td>", row)[-1] == "2"  # the last column: September
        assert client.get("/en/company/scorecard/?month=0001-01").status_code == 200
        client.force_login(rival.user)
        theirs = client.get("/en/company/scorecard/?month=2026-09").content.decode()
        row = re.search(r"Forwarded to the company</th>(.*?)</tr>", theirs, re.S).group(1)
        assert re.findall(r"<td>(.*?)</td>", row)[-1] == "0"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "words"),
    [
        ("", ["转交贵单位的投诉", "提出和解方案", "答复期限"]),
        ("/zh-hant", ["轉交貴單位的投訴", "提出和解方案", "答覆期限"]),
        ("/en", ["Complaints forwarded to you", "Propose a settlement", "Your answer due"]),
    ],
)
def test_the_companys_pages_in_three_languages(client, forwarded, manager, prefix, words):
    complaint = forwarded()
    client.force_login(manager.user)
    listing = client.get(f"{prefix}/company/").content.decode()
    page = client.get(f"{prefix}/company/complaints/{complaint.number}/").content.decode()
    assert words[0] in listing and words[1] in page and words[2] in page

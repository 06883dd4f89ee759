"""The company's pages at their edges: a complaint stays with the company it was forwarded to,
refusals instead of errors, one notice per step, proposals that lapse, the steps each state
allows."""

import pytest
import time_machine
from django.core.exceptions import ValidationError

from companies.models import CompanyView
from complaints.actors import ComplainantActor
from complaints.models import Complaint, SettlementProposal
from complaints.services import (
    ComplaintChanged,
    TransitionRefused,
    complaint_transition,
    complaint_update,
    complaint_write_to_company,
)
from notifications.models import Notice
from tests.companies.test_desk import D, at, forwarded, post_as  # noqa: F401 (the fixture)


def propose(complaint, member, **fields):
    offer = SettlementProposal(**{"refund": "10", "done_by": D(2026, 10, 20), **fields})
    complaint_transition(complaint=complaint, name="company_propose", actor=member.actor, proposal=offer)


@pytest.mark.django_db
def test_a_forwarded_complaint_stays_with_its_company(client, forwarded, manager, rival, carol):  # noqa: F811
    complaint = forwarded(share_identity=True)
    complaint.company = rival.company
    with pytest.raises(ValidationError, match="不能再改为其他企业"):
        complaint_update(complaint=complaint, by=carol, changed=["company"])
    client.force_login(rival.user)
    assert client.get(f"/en/company/complaints/{complaint.number}/").status_code == 404
    client.force_login(carol)
    page = client.get(f"/en/admin/complaints/complaint/{complaint.pk}/change/").content.decode()
    assert 'name="company"' not in page  # shown, not editable


@pytest.mark.django_db
def test_bad_addresses_and_a_form_sent_back_are_handled(client, forwarded, manager):  # noqa: F811
    complaint = forwarded()
    client.force_login(manager.user)
    for url in (
        "/en/company/complaints/%00/",
        "/en/company/complaints/%00/reply/",
        "/en/company/complaints/a%00b/evidence/1/",
    ):
        assert client.get(url).status_code in (400, 404)
    assert client.post(f"/en/company/complaints/{complaint.number}/bogus/", {}).status_code == 404
    refused = client.post(f"/en/company/complaints/{complaint.number}/reply/", {"message": "", "version": 4})
    assert refused.status_code == 400 and CompanyView.objects.filter(complaint=complaint).count() == 1
    huge = client.post(
        f"/en/company/complaints/{complaint.number}/propose/",
        {"refund": "1e40", "compensation": "-5", "done_by": "99999-01-01", "version": complaint.version},
    )
    assert huge.status_code == 400 and not complaint.proposals.exists()


@pytest.mark.django_db
def test_an_acceptance_that_lost_a_race_is_told_the_complaint_changed(forwarded, manager, monkeypatch):  # noqa: F811
    complaint = forwarded()
    accept = {"name": "accept_proposal", "actor": ComplainantActor(complaint.pk)}
    with time_machine.travel(at(D(2026, 10, 9)), tick=False):
        propose(complaint, manager)
        stale = Complaint.objects.get(pk=complaint.pk)  # the page of a second browser
        complaint_transition(complaint=complaint, **accept)
        # The second acceptance passed the checks just before the first was saved.
        monkeypatch.setattr("complaints.services.can_proceed", lambda *args, **kwargs: True)
        monkeypatch.setattr("complaints.services.has_transition_perm", lambda *args, **kwargs: True)
        with pytest.raises(ComplaintChanged):
            complaint_transition(complaint=stale, **accept)
    assert complaint.proposals.get().status == "accepted"


@pytest.mark.django_db
def test_the_same_message_sent_twice_is_written_once(forwarded, manager):  # noqa: F811
    complaint = forwarded(share_identity=False)
    version = complaint.version
    complaint_write_to_company(complaint=complaint, text="张三在此，电话 13912345678", version=version)
    with pytest.raises(ValidationError):
        complaint_write_to_company(complaint=complaint, text="张三在此，电话 13912345678", version=version)
    wrote = Notice.objects.get(event="complainant_wrote")
    assert "13912345678" not in wrote.body and "张三" not in wrote.body and "***" in wrote.body


@pytest.mark.django_db
def test_staff_resolving_lapse_the_proposal_and_release_the_company(forwarded, manager, carol):  # noqa: F811
    complaint = forwarded()
    with time_machine.travel(at(D(2026, 10, 9)), tick=False):
        propose(complaint, manager)
        complaint_transition(
            complaint=complaint, name="resolve", actor=carol, outcome="mediated", reply="已调解。"
        )
    assert complaint.proposals.get().status == "lapsed"
    released = Notice.objects.get(event="company_released")
    assert released.recipient == "complaints@company.example" and released.channel == "email"


@pytest.mark.django_db
def test_accepting_tells_the_complainant_and_the_company_once_each(forwarded, manager, carol):  # noqa: F811
    complaint = forwarded()
    with time_machine.travel(at(D(2026, 10, 9)), tick=False):
        propose(complaint, manager)
        complaint_transition(complaint=complaint, name="accept_proposal", actor=carol)  # on their behalf
    assert Notice.objects.filter(event="settled", channel="sms").count() == 1
    assert Notice.objects.filter(event="proposal_accepted").count() == 1


STEPS = ["company_reply", "company_ask", "company_propose", "company_decline"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "allowed"),
    [([], True), (["request_information"], True), (["resolve"], False), (["withdraw"], False)],
)
@pytest.mark.parametrize("step", STEPS)
def test_the_company_answers_only_while_the_complaint_is_with_it(
    path,
    allowed,
    step,
    forwarded,  # noqa: F811
    manager,
    drive,
):  # noqa: F811
    complaint = drive(forwarded(), *path)
    params = {
        "company_reply": {"message": "已处理。"},
        "company_ask": {"question": "订单号？"},
        "company_propose": {"proposal": SettlementProposal(refund="10", done_by=D(2026, 12, 31))},
        "company_decline": {"reason": "非本公司销售。"},
    }[step]
    with time_machine.travel(at(D(2026, 10, 9)), tick=False):
        if allowed:
            complaint_transition(complaint=complaint, name=step, actor=manager.actor, **params)
            assert complaint.clocks.get(step="company").ended_by == step
        else:
            with pytest.raises(TransitionRefused):
                complaint_transition(complaint=complaint, name=step, actor=manager.actor, **params)

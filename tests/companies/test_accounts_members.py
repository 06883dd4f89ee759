"""A company's managers invite and deactivate its users; agents cannot."""

import pytest
from django.test import Client

from companies.models import CompanyMember
from tests.companies.test_accounts import (  # noqa: F401 (the clock, the roles)
    PASSWORD,
    _pinned_clock,
    _roles_granted,
    choose_password,
    emailed,
    password_link,
    sign_in,
)

MEMBERS = "/en/company/users/"


def deactivate(client, member):
    return client.post(f"{MEMBERS}{member.pk}/deactivate/", follow=True)


@pytest.fixture
def signed_in(manager):
    client = Client()
    client.force_login(manager.user)
    return client


@pytest.mark.django_db
def test_a_manager_invites_an_agent_who_chooses_a_password_and_cannot_manage(signed_in, manager, mailoutbox):
    invited = signed_in.post(MEMBERS, {"email": "Wang.Wu@Company.example", "name": "王五", "role": "agent"})
    assert invited.status_code == 302
    page = signed_in.get(MEMBERS).content.decode()
    assert "An invitation was sent to wang.wu@company.example." in page
    assert "wang.wu@company.example" in page and "Invited, no password yet" in page

    message = emailed(mailoutbox, "company_invitation")
    assert message.subject == f"You are invited to answer complaints for {manager.company.name}"
    agent = Client()
    choose_password(agent, password_link(message))
    assert sign_in(agent, "wang.wu@company.example")["Location"] == "/en/company/"
    assert agent.get(MEMBERS).status_code == 403
    member = CompanyMember.objects.get(user__email="wang.wu@company.example")
    assert (member.role, member.company, member.invited_by) == ("agent", manager.company, manager.user)


@pytest.mark.django_db
def test_an_email_already_in_use_cannot_be_invited(signed_in, rival):
    taken = signed_in.post(MEMBERS, {"email": rival.user.email, "name": "赵六", "role": "agent"})
    assert taken.status_code == 400
    assert "A user with this email address already exists." in taken.content.decode()
    assert rival.company.members.count() == 1


@pytest.mark.parametrize(
    ("other_manager", "message"),
    [
        (None, "A company needs at least one active manager."),
        ("second@company.example", "You cannot deactivate your own account."),
    ],
)
@pytest.mark.django_db
def test_a_manager_cannot_deactivate_the_last_manager_or_themselves(
    signed_in, manager, make_member, other_manager, message
):
    if other_manager:
        make_member(manager.company, other_manager)
    answer = deactivate(signed_in, manager)
    assert message in answer.content.decode()
    manager.user.refresh_from_db()
    assert manager.user.is_active


@pytest.mark.django_db
def test_a_deactivated_agent_can_no_longer_sign_in(signed_in, manager, make_member):
    agent = make_member(manager.company, "agent@company.example", role="agent", password=PASSWORD)
    agent_client = Client()
    assert sign_in(agent_client, agent.user.email).status_code == 302
    answer = deactivate(signed_in, agent)
    assert "agent@company.example can no longer sign in." in answer.content.decode()
    assert "Deactivated" in answer.content.decode()
    assert agent_client.get("/en/company/users/")["Location"].startswith("/en/company/login/")
    assert sign_in(Client(), agent.user.email).status_code == 200


@pytest.mark.django_db
def test_users_of_another_company_are_out_of_reach(signed_in, rival):
    assert deactivate(signed_in, rival).status_code == 404
    rival.user.refresh_from_db()
    assert rival.user.is_active
    assert rival.user.email not in signed_in.get(MEMBERS).content.decode()


@pytest.mark.django_db
def test_the_users_page_needs_a_signed_in_manager(client, carol):
    assert client.get(MEMBERS)["Location"] == "/en/company/login/?next=/en/company/users/"
    client.force_login(carol)  # staff are no company's users
    assert client.get(MEMBERS)["Location"].startswith("/en/company/login/")

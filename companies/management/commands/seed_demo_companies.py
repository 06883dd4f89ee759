import datetime as dt
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.actors import SYSTEM
from complaints.choices import SettlementAction
from complaints.management.commands.seed_demo import DEMO_PASSWORD_DEFAULT
from complaints.models import Complaint, SettlementProposal
from complaints.services import complaint_transition

from ...models import CompanyMember

# The demo complaint in progress (seed_demo) whose company answers on its own pages.
FORWARDED = "DEMO-04"
MANAGER = "company@example.com"


class Command(BaseCommand):
    help = _(
        "Put the company of a demo complaint on the ODR channel with a manager account, forward "
        "the complaint to it and let it propose a settlement. Running it again changes nothing."
    )

    def handle(self, *args, **options):
        complaint = Complaint.objects.filter(source_ref=FORWARDED).select_related("company").first()
        if complaint is None:
            self.stderr.write(_("Run seed_demo first."))
            return
        with transaction.atomic():
            company = complaint.company
            company.odr_enrolled, company.contact_email = True, company.contact_email or "odr@example.com"
            company.save(update_fields=["odr_enrolled", "contact_email"])
            member = self._manager(company)
            if complaint.forwarded_at is None:
                complaint_transition(complaint=complaint, name="forward_to_company", actor=SYSTEM)
                offer = SettlementProposal(
                    action=SettlementAction.APOLOGISE,
                    details="书面致歉，并将该号码加入禁止营销名单。",
                    done_by=timezone.localdate() + dt.timedelta(days=7),
                )
                complaint_transition(
                    complaint=complaint, name="company_propose", actor=member.actor, proposal=offer
                )
        if settings.DEBUG:
            password = os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)
            self.stdout.write(
                _("  company account %(user)s / %(password)s at /company/")
                % {"user": MANAGER, "password": password}
            )

    def _manager(self, company):
        user, created = get_user_model().objects.get_or_create(
            username=MANAGER, defaults={"email": MANAGER, "first_name": "演示企业经理"}
        )
        if created:
            if settings.DEBUG:
                user.set_password(os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT))
            else:
                user.set_unusable_password()
            user.save()
        member, _created = CompanyMember.objects.get_or_create(
            user=user, defaults={"company": company, "role": CompanyMember.Role.MANAGER}
        )
        return member

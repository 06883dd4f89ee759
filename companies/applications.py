"""Company accounts: applications, the decision on them, and the users of an approved company.
Every write of these rows goes through this module, in one transaction each."""

import datetime as dt
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from complaints.models import Company
from evidence.files import file_save
from evidence.validation import Inspection
from notifications.models import Notice
from notifications.services import notify_address, site_url
from portal import codes
from portal.models import VerificationCode

from .models import CompanyApplication, CompanyMember

DECIDE = "companies.decide_companyapplication"
EMAIL_TAKEN = gettext_lazy(
    "A user with the email address %(email)s already exists; it cannot be the company's manager."
)


def _now_key():
    return f"{timezone.now():%Y%m%d%H%M%S%f}"


# Applying


def application_submit(
    *, application: CompanyApplication, licence, inspection: Inspection, mobile_code: str, email_code: str
) -> CompanyApplication:
    """Save a new application (unsaved, from the form) once the codes sent to its mobile and
    its email check out. Raises ValidationError by field when a code is wrong or the company
    already has an application waiting or an account. The codes are used up, and the licence
    kept, only if the application is saved; a wrong code's try counts either way."""
    with transaction.atomic():
        errors = _already_applied(application.credit_code) or _codes_wrong(
            {
                "mobile_code": (application.contact_mobile.as_e164, mobile_code),
                "email_code": (application.contact_email, email_code),
            }
        )
        if not errors:
            _application_save(application, licence, inspection)
    if errors:  # raised after the block, so that the wrong tries are committed
        raise ValidationError(errors)
    return application


def _already_applied(credit_code) -> dict:
    _lock_credit_code(credit_code)
    if CompanyApplication.objects.filter(
        credit_code=credit_code, status=CompanyApplication.Status.PENDING
    ).exists():
        return {"credit_code": _("An application for this credit code is already waiting for a decision.")}
    if Company.objects.filter(credit_code=credit_code, odr_enrolled=True).exists():
        return {
            "credit_code": _(
                "This company already has an account. Ask its manager to add you, or use "
                "“Forgot your password?” on the sign-in page."
            )
        }
    return {}


def _lock_credit_code(credit_code):
    """Two applications for one code at the same moment: the second waits until the first
    is committed, then finds it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"company-application:{credit_code}"]
            )


def _codes_wrong(checks: dict) -> dict:
    """{field: message} for each wrong code of ``checks`` ({field: (target, code)}). The codes
    are used up all together or not at all, and each wrong try counts."""
    savepoint = transaction.savepoint()
    wrong = [
        field
        for field, (target, code) in checks.items()
        if not codes.code_check(purpose=VerificationCode.Purpose.COMPANY, target=target, code=code)
    ]
    if not wrong:
        transaction.savepoint_commit(savepoint)
        return {}
    # Undo the use of the right codes; the rollback undid the wrong tries too, so count them again.
    transaction.savepoint_rollback(savepoint)
    for field in wrong:
        target, code = checks[field]
        codes.code_check(purpose=VerificationCode.Purpose.COMPANY, target=target, code=code)
    return {field: _("The code is wrong or has expired. Ask for a new one.") for field in wrong}


def _application_save(application, licence, inspection):
    now = timezone.now()
    application.submitted_at = application.committed_at = now
    application.licence_name = os.path.basename(licence.name or "")[-255:]
    application.licence_type = inspection.mime_type
    application.licence_sha256 = inspection.sha256
    file_save(field_file=application.licence, name=f"licence{inspection.extension}", content=licence)
    application.save()


# Deciding


def _pending(application, by) -> CompanyApplication:
    """The application, locked, if ``by`` may decide it and it is still waiting."""
    if not by.has_perm(DECIDE):
        raise PermissionDenied
    locked = CompanyApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != CompanyApplication.Status.PENDING:
        raise ValidationError(
            _("This application was already decided (%(status)s).") % {"status": locked.get_status_display()}
        )
    return locked


def _decided(application, by, status, **fields):
    application.status = status
    application.decided_by, application.decided_at = by, timezone.now()
    for name, value in fields.items():
        setattr(application, name, value)
    application.save(update_fields=["status", "decided_by", "decided_at", *fields])


def application_approve(*, application: CompanyApplication, by) -> CompanyMember:
    """Enrol the company on the ODR channel (the one with the application's credit code, else
    with its name, else a new one), give the applicant's contact a manager account, and send
    them a link to choose a password."""
    with transaction.atomic():
        application = _pending(application, by)
        email = application.contact_email.lower()
        if _email_taken(email):
            raise ValidationError(EMAIL_TAKEN % {"email": email})
        company = _company_enrol(application)
        user = _user_create(email, application.contact_name)
        member = CompanyMember.objects.create(
            user=user, company=company, role=CompanyMember.Role.MANAGER, invited_by=by
        )
        _decided(application, by, CompanyApplication.Status.APPROVED, company=company)
        _send_link(
            "company_approved",
            user,
            application.language,
            f"application:{application.pk}",
            company=company.name,
        )
    return member


def _company_enrol(application) -> Company:
    name = " ".join(application.name.split())
    company = (
        Company.objects.select_for_update().filter(credit_code=application.credit_code).first()
        or Company.objects.select_for_update().filter(name__iexact=name).first()
    )
    if company is None:
        company = Company(name=name)
    elif company.credit_code not in ("", application.credit_code):
        raise ValidationError(
            _("The company “%(name)s” has another credit code on record (%(code)s); check the application.")
            % {"name": company.name, "code": company.credit_code}
        )
    company.credit_code = application.credit_code
    company.contact_email = application.contact_email
    company.contact_phone = application.contact_mobile
    company.odr_enrolled, company.needs_review = True, False
    company.save()
    return company


def application_refuse(*, application: CompanyApplication, by, reason: str) -> CompanyApplication:
    """Refuse the application; the reason is sent to its contact email."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for refusing; it is sent to the company.")})
    with transaction.atomic():
        application = _pending(application, by)
        _decided(application, by, CompanyApplication.Status.REFUSED, reason=reason)
        notify_address(
            "company_refused",
            channel=Notice.Channel.EMAIL,
            address=application.contact_email,
            language=application.language,
            occurrence=f"application:{application.pk}",
            company=application.name,
            name=application.contact_name,
            reason=reason,
        )
    return application


# The company's users


def _email_taken(email) -> bool:
    return get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists()


def _user_create(email, name):
    """A user who signs in with their email; no password until they choose one, never staff."""
    return get_user_model().objects.create_user(username=email, email=email, first_name=name[:150])


def password_link(user, language) -> str:
    """An absolute link to choose a password, valid until the user sets one or for
    PASSWORD_RESET_TIMEOUT."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    with translation.override(language):
        path = reverse("companies:password-set", args=[uid, default_token_generator.make_token(user)])
    return site_url(path)


def _send_link(event, user, language, occurrence, **context):
    """An email with a link to choose a password; the link is kept out of the stored notice."""
    valid = dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    notify_address(
        event,
        channel=Notice.Channel.EMAIL,
        address=user.email,
        language=language,
        occurrence=occurrence,
        expires=valid,
        link=password_link(user, language),
        days=valid.days,
        email=user.email,
        name=user.first_name,
        **context,
    )


def _managed(by_member, member=None):
    if not by_member.is_manager or (member is not None and member.company_id != by_member.company_id):
        raise PermissionDenied


def member_invite(
    *, by_member: CompanyMember, email: str, name: str, role: str, language=None
) -> CompanyMember:
    """A manager adds a user to their company; the user gets a link to choose a password."""
    _managed(by_member)
    if role not in CompanyMember.Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    email = email.strip().lower()
    with transaction.atomic():
        if _email_taken(email):
            raise ValidationError({"email": _("A user with this email address already exists.")})
        user = _user_create(email, name.strip())
        member = CompanyMember.objects.create(
            user=user, company_id=by_member.company_id, role=role, invited_by=by_member.user
        )
        _send_link(
            "company_invitation",
            user,
            language or get_language() or settings.LANGUAGE_CODE,
            f"member:{member.pk}",
            company=by_member.company.name,
            inviter=by_member.user.get_full_name() or by_member.user.email,
        )
    return member


def member_deactivate(*, by_member: CompanyMember, member: CompanyMember) -> None:
    """A manager takes away a user's access; never their own, and never the last manager's."""
    _managed(by_member, member)
    with transaction.atomic():
        # Locked, so two managers deactivating each other at once cannot leave none.
        managers = list(
            CompanyMember.objects.select_for_update()
            .filter(company_id=member.company_id, role=CompanyMember.Role.MANAGER, user__is_active=True)
            .values_list("pk", flat=True)
        )
        if managers == [member.pk]:
            raise ValidationError(_("A company needs at least one active manager."))
        if member.user_id == by_member.user_id:
            raise ValidationError(_("You cannot deactivate your own account."))
        get_user_model().objects.filter(pk=member.user_id).update(is_active=False)


def member_password_reset(*, email: str, language: str) -> None:
    """Send a link to choose a new password if ``email`` is an active company user's; nothing
    otherwise, and the caller answers the same either way."""
    user = (
        get_user_model()
        .objects.filter(
            email__iexact=email.strip(), is_active=True, is_staff=False, company_member__isnull=False
        )
        .first()
    )
    if user is not None:
        _send_link("company_password", user, language, _now_key())

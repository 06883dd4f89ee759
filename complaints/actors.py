"""Who acts on a complaint. Staff are Django users; the complainant and the scheduler are not,
so they are represented by small objects that answer the same permission questions."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ComplainantActor:
    """The person who filed one complaint, proven by its access token or a one-time code."""

    complaint_id: int
    is_complainant = True
    is_system = False
    is_authenticated = False

    def has_perm(self, perm, obj=None):
        return False


@dataclass(frozen=True)
class SystemActor:
    """The scheduler, acting on rules that need no person (an appeal window that passed)."""

    is_complainant = False
    is_system = True
    is_authenticated = False

    def has_perm(self, perm, obj=None):
        return False


SYSTEM = SystemActor()


@dataclass(frozen=True)
class CompanyActor:
    """A user of the company complained about, acting on its pages on a complaint forwarded to
    it. ``user`` is recorded in the history."""

    user: object
    company_id: int
    is_complainant = False
    is_system = False
    is_company = True
    is_authenticated = True

    def has_perm(self, perm, obj=None):
        return False


def company():
    """A user of the company the complaint is about, once it was forwarded to it."""

    def check(instance, user):
        return (
            getattr(user, "is_company", False)
            and user.company_id == instance.company_id
            and instance.forwarded_at is not None
        )

    return check


def system_or_handler(codename="handle_complaint"):
    """The scheduler or the platform acting on a rule, or the complaint's handler."""
    staff_check = handler(codename)

    def check(instance, user):
        return getattr(user, "is_system", False) or staff_check(instance, user)

    return check


def staff(codename):
    """Permission for a transition only staff with ``complaints.<codename>`` may take."""
    return f"complaints.{codename}"


def complainant_or_staff(codename):
    """The complainant of this complaint, or staff recording it on their behalf."""
    return _complainant_or(lambda instance, user: user.has_perm(f"complaints.{codename}"))


def handler(codename="handle_complaint"):
    """Staff with ``complaints.<codename>`` working their own complaint (its assignee), or a
    supervisor (``handle_any_complaint``) working anyone's: a handler never takes over a
    colleague's case by pressing a button."""

    def check(instance, user):
        return user.has_perm(f"complaints.{codename}") and (
            instance.assignee_id == getattr(user, "pk", None)
            or user.has_perm("complaints.handle_any_complaint")
        )

    return check


def complainant_or_handler(codename="handle_complaint"):
    """The complainant of this complaint, or its handler as ``handler`` defines it."""
    return _complainant_or(handler(codename))


def _complainant_or(staff_check):
    def check(instance, user):
        if getattr(user, "is_complainant", False):
            return user.complaint_id == instance.pk
        return staff_check(instance, user)

    return check


def system_or_staff(codename):
    def check(instance, user):
        return getattr(user, "is_system", False) or user.has_perm(f"complaints.{codename}")

    return check


def as_log_user(actor):
    """The user to record in the transition history (None for complainant and scheduler)."""
    if getattr(actor, "is_company", False):
        return actor.user
    return None if getattr(actor, "is_complainant", False) or getattr(actor, "is_system", False) else actor

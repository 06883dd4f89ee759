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


def staff(codename):
    """Permission for a transition only staff with ``complaints.<codename>`` may take."""
    return f"complaints.{codename}"


def complainant_or_staff(codename):
    """The complainant of this complaint, or staff recording it on their behalf."""

    def check(instance, user):
        if getattr(user, "is_complainant", False):
            return user.complaint_id == instance.pk
        return user.has_perm(f"complaints.{codename}")

    return check


def system_or_staff(codename):
    def check(instance, user):
        return getattr(user, "is_system", False) or user.has_perm(f"complaints.{codename}")

    return check


def as_log_user(actor):
    """The user to record in the transition history (None for complainant and scheduler)."""
    return None if getattr(actor, "is_complainant", False) or getattr(actor, "is_system", False) else actor

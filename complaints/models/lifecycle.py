"""How a complaint's transitions are declared, and which due date each state waits on."""

import functools

from django_fsm import transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from ..choices import Status


def logged_transition(**kwargs):
    """A django-fsm transition of ``status`` whose every use is recorded by django-fsm-log,
    with the staff user (``by``) and the note (``description``) passed to it, and whose effect
    on the statutory clocks (``complaints.clocks.FOLLOWS``) is applied with it, before anyone
    is told of the change."""

    def decorate(method):
        @functools.wraps(method)
        def with_clocks(self, *args, **params):
            from ..clocks import clocks_follow

            result = method(self, *args, **params)
            clocks_follow(complaint=self, transition=method.__name__)
            return result

        return fsm_log_by(fsm_log_description(transition("status", **kwargs)(with_clocks)))

    return decorate


# Which stored due date the staff must meet in each state.
DUE_FIELD_BY_STATUS = {
    Status.SUBMITTED: "acceptance_due",
    Status.ACCEPTED: "reply_due",
    Status.IN_PROGRESS: "reply_due",
    Status.APPEALED: "review_due",
    Status.UNDER_REREVIEW: "review_due",
}

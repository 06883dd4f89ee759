"""How a complaint's transitions are declared."""

from django_fsm import transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description


def logged_transition(**kwargs):
    """A django-fsm transition of ``status`` whose every use is recorded by django-fsm-log,
    with the staff user (``by``) and the note (``description``) passed to it."""

    def decorate(method):
        return fsm_log_by(fsm_log_description(transition("status", **kwargs)(method)))

    return decorate

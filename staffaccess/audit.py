"""Recording staff access to personal data, in the database and in the logs alike."""

import logging

from config.client_ip import client_ip
from config.logs import request_id

from .models import AccessRecord

log = logging.getLogger("staffaccess.audit")


def record(request, action, subject):
    """Writes down that ``request.user`` did ``action`` (an AccessAction) on ``subject``."""
    entry = AccessRecord.objects.create(
        user=request.user,
        username=request.user.get_username(),
        action=action,
        subject=str(subject)[:200],
        address=client_ip(request) or None,
        request_id=request_id.get(),
    )
    log.info(
        "staff access",
        extra={"action": entry.action, "subject": entry.subject, "user": entry.user_id, "ip": entry.address},
    )
    return entry

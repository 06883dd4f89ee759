"""Writing notices to the outbox and delivering them: every send goes through one function."""

import datetime as dt
import hashlib
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .events import EVENTS
from .models import Notice
from .sms import SMSMessage, get_backend

logger = logging.getLogger(__name__)


def site_url(path):
    return f"{settings.SITE_URL}{path}"


def complaint_links(complaint, language):
    with translation.override(language):
        track = reverse("portal:track", args=[complaint.access_token])
        contact = reverse("portal:contact", args=[complaint.access_token])
    return {"track_url": site_url(track), "contact_url": site_url(contact)}


def after_quiet_hours(moment):
    """The first moment SMS may be sent at or after ``moment`` (Asia/Shanghai quiet hours)."""
    local = timezone.localtime(moment)
    start, end = settings.SMS_QUIET_START, settings.SMS_QUIET_END
    quiet = local.hour >= start or local.hour < end if start > end else start <= local.hour < end
    if not quiet:
        return moment
    morning = local.replace(hour=end, minute=0, second=0, microsecond=0)
    if local.hour >= end:
        morning += dt.timedelta(days=1)
    return morning


def render(event, channel, language, context):
    spec = EVENTS[event]
    with translation.override(language):
        if channel == Notice.Channel.SMS:
            return "", str(spec.sms) % context, ""
        subject = str(spec.subject) % context
        body = render_to_string(f"notifications/email/{event}.txt", context).strip()
        html = render_to_string(f"notifications/email/{event}.html", context)
        return subject, body, html


def notice_key(event, complaint, recipient, channel, occurrence):
    parts = [event, str(getattr(complaint, "pk", "")), recipient, channel, occurrence]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def build_notice(*, event, recipient, channel, language, context, complaint=None, user=None, occurrence=""):
    """An unsaved notice, rendered, with its send time (SMS wait out the quiet hours)."""
    subject, body, html = render(event, channel, language, context)
    now = timezone.now()
    spec = EVENTS[event]
    return Notice(
        key=notice_key(event, complaint, recipient, channel, occurrence),
        event=event,
        complaint=complaint,
        recipient=recipient,
        channel=channel,
        occurrence=occurrence,
        user=user,
        language=language,
        subject=subject[:255],
        body=body,
        html=html,
        send_after=now if spec.urgent or channel == Notice.Channel.EMAIL else after_quiet_hours(now),
        expires_at=now + spec.expires if spec.expires else None,
    )


def notice_create(*, deliver_now=False, **fields):
    """Write one notice (the arguments of ``build_notice``) in the current transaction; it is
    sent after commit. Writing the same notice again changes nothing."""
    key = notice_key(
        fields["event"],
        fields.get("complaint"),
        fields["recipient"],
        fields["channel"],
        fields.get("occurrence", ""),
    )
    if Notice.objects.filter(key=key).exists():
        return None
    notice = build_notice(**fields)
    with transaction.atomic():
        notice.save()
    if deliver_now:
        notice_deliver(notice.pk)  # nothing to roll back for a code: the person is waiting
    elif notice.send_after <= timezone.now():
        transaction.on_commit(lambda: enqueue(notice.pk))
    return notice


def notices_create_many(notices):
    """Write many notices at once (the same ones again are skipped); send them after commit."""
    Notice.objects.bulk_create(notices, batch_size=1000, ignore_conflicts=True)
    keys = [notice.key for notice in notices]
    due = Notice.objects.filter(key__in=keys, status=Notice.Status.PENDING, send_after__lte=timezone.now())
    ids = list(due.values_list("pk", flat=True))
    transaction.on_commit(lambda: [enqueue(notice_id) for notice_id in ids])
    return len(ids)


def enqueue(notice_id):
    """Hand the notice to a worker; if the broker is down it stays pending and the periodic
    dispatch sends it later."""
    from .tasks import send_notice

    try:
        send_notice.delay(notice_id)
    except Exception:  # noqa: BLE001 (any broker failure: the outbox row is the guarantee)
        logger.warning("Broker unavailable; notice %s stays pending", notice_id, exc_info=True)


def complainant_channels(complaint):
    channels = []
    if complaint.contact_preference in ("sms", "both") or not complaint.complainant_email:
        channels.append((Notice.Channel.SMS, str(complaint.complainant_phone)))
    if complaint.contact_preference in ("email", "both") and complaint.complainant_email:
        channels.append((Notice.Channel.EMAIL, complaint.complainant_email))
    return channels


def complainant_context(complaint, **extra):
    return {
        "complaint": complaint,
        "number": complaint.number,
        "name": complaint.complainant_name,
        **complaint_links(complaint, complaint.language),
        **extra,
    }


def notify_complainant(complaint, event, occurrence="", **extra):
    context = complainant_context(complaint, **extra)
    for channel, address in complainant_channels(complaint):
        notice_create(
            event=event,
            recipient=address,
            channel=channel,
            language=complaint.language,
            context=context,
            complaint=complaint,
            occurrence=occurrence,
        )


def notify_staff(users, event, complaint=None, occurrence="", **extra):
    for user in users:
        if not user.email or not user.is_active:
            continue
        context = {"user": user, "complaint": complaint, "number": getattr(complaint, "number", ""), **extra}
        if complaint is not None:
            path = reverse("admin:complaints_complaint_change", args=[complaint.pk])
            context["admin_url"] = site_url(path)
        notice_create(
            event=event,
            recipient=user.email,
            channel=Notice.Channel.EMAIL,
            language=settings.LANGUAGE_CODE,
            context=context,
            complaint=complaint,
            user=user,
            occurrence=occurrence,
        )


def supervisors():
    from complaints.roles import SUPERVISOR

    return get_user_model().objects.filter(groups__name=SUPERVISOR, is_active=True)


def transmit(notice):
    if notice.channel == Notice.Channel.EMAIL:
        message = EmailMultiAlternatives(notice.subject, notice.body, None, [notice.recipient])
        if notice.html:
            message.attach_alternative(notice.html, "text/html")
        message.send(fail_silently=False)
    else:
        params = {"number": getattr(notice.complaint, "number", "")}
        get_backend().send(
            SMSMessage(phone=notice.recipient, text=notice.body, template_code=notice.event, params=params)
        )


def notice_deliver(notice_id):
    """Send one pending notice. Returns seconds to wait before retrying, or None.

    The notice is claimed with a conditional update (pending → sending), so a redelivered or
    duplicated task finds nothing to do; once sent it is never sent again."""
    now = timezone.now()
    claimed = Notice.objects.filter(pk=notice_id, status=Notice.Status.PENDING, send_after__lte=now).update(
        status=Notice.Status.SENDING, claimed_at=now
    )
    if not claimed:
        return None
    notice = Notice.objects.select_related("complaint").get(pk=notice_id)
    this = Notice.objects.filter(pk=notice_id)
    if notice.expires_at and notice.expires_at <= now:
        this.update(status=Notice.Status.FAILED, last_error="expired before it could be sent")
        return None
    try:
        transmit(notice)
    except Exception as exc:  # noqa: BLE001 (any delivery error is recorded and retried)
        attempts = notice.attempts + 1
        error = f"{type(exc).__name__}: {exc}"[:2000]
        if attempts >= settings.NOTICE_MAX_ATTEMPTS:
            this.update(status=Notice.Status.FAILED, attempts=attempts, last_error=error)
            logger.error("Notice %s failed after %s attempts: %s", notice_id, attempts, error)
            return None
        delay = settings.NOTICE_RETRY_SECONDS * 2 ** (attempts - 1)
        this.update(
            status=Notice.Status.PENDING,
            attempts=attempts,
            last_error=error,
            send_after=now + dt.timedelta(seconds=delay),
        )
        return delay
    this.update(status=Notice.Status.SENT, attempts=F("attempts") + 1, sent_at=timezone.now())
    return None


def notices_dispatch(limit=1000):
    """Hand pending notices older than a minute to the workers again (the broker may have been
    down, or a retry lost). Notices left "sending" by a worker that died are marked failed:
    they may have gone out, and sending them again could double them."""
    now = timezone.now()
    stale = now - dt.timedelta(minutes=10)
    Notice.objects.filter(status=Notice.Status.SENDING, claimed_at__lt=stale).update(
        status=Notice.Status.FAILED, last_error="interrupted while sending; check before retrying"
    )
    due = Notice.objects.filter(status=Notice.Status.PENDING, send_after__lte=now - dt.timedelta(minutes=1))
    ids = list(due.order_by("send_after").values_list("pk", flat=True)[:limit])
    for notice_id in ids:
        enqueue(notice_id)
    return len(ids)


def notices_retry(queryset):
    """Admin: send failed notices again."""
    ids = list(queryset.filter(status=Notice.Status.FAILED).values_list("pk", flat=True))
    Notice.objects.filter(pk__in=ids).update(
        status=Notice.Status.PENDING, send_after=timezone.now(), attempts=0
    )
    for notice_id in ids:
        transaction.on_commit(lambda notice_id=notice_id: enqueue(notice_id))
    return len(ids)


def send_verification_code(*, channel, address, code, minutes, language):
    """Codes are sent at once (the person is waiting), at any hour, and expire."""
    notice_create(
        event="verification_code",
        recipient=address,
        channel=channel,
        language=language,
        context={"code": code, "minutes": minutes},
        occurrence=f"{timezone.now():%Y%m%d%H%M%S%f}",
        deliver_now=True,
    )

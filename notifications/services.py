"""Writing notices to the outbox and delivering them: every send goes through one function."""

import datetime as dt
import hashlib
import logging
import re
import smtplib
from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import connections, router, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .events import EVENTS, TRANSITION_EVENTS
from .models import Notice, NoticeSecret
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


def earliest_send(event, channel, moment):
    """When a notice of ``event`` may go out at or after ``moment``: SMS other than urgent
    ones (codes) wait out the quiet hours; email goes at any hour. Used for the first send,
    every retry and every resend."""
    if channel == Notice.Channel.SMS and not EVENTS[event].urgent:
        return after_quiet_hours(moment)
    return moment


SECRET_MASK = "••••••"  # noqa: S105 (what staff see instead of a code)
_PLACEHOLDER = re.compile(r"%\((\w+)\)")


def render(event, channel, language, context):
    spec = EVENTS[event]
    with translation.override(language):
        if channel == Notice.Channel.SMS:
            return "", str(spec.sms) % context, ""
        subject = str(spec.subject) % context
        body = render_to_string(f"notifications/email/{event}.txt", context).strip()
        html = render_to_string(f"notifications/email/{event}.html", context)
        return subject, body, html


def _json_value(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)  # lazy translations (in the active language), numbers, anything else


def notice_params(event, language, context):
    """The values the subject and the SMS text of ``event`` are made of (number, dates, links,
    reasons; what an SMS gateway's template needs), as JSON, in the notice's language; never a
    secret one."""
    spec = EVENTS[event]
    with translation.override(None):  # the untranslated texts name the same placeholders
        names = _PLACEHOLDER.findall(f"{spec.subject}\n{spec.sms}")
    with translation.override(language):
        return {
            name: _json_value(context[name])
            for name in dict.fromkeys(names)
            if name in context and name not in spec.secret
        }


def notice_key(event, complaint, recipient, channel, occurrence):
    parts = [event, str(getattr(complaint, "pk", "")), recipient, channel, occurrence]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def notice_identity(notice):
    """The notice's identity as the provider sees it (Message-ID, SMS OutId, gateway id): the
    same for every attempt, so a resend after an interruption can be recognised."""
    return notice.key[:32]


def notice_message_id(notice):
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<notice.{notice_identity(notice)}@{domain}>"


def build_notice(
    *, event, recipient, channel, language, context, complaint=None, user=None, occurrence="", expires=None
):
    """An unsaved notice, rendered, with its send time (SMS wait out the quiet hours). Secret
    parameters of the event (a code) are rendered masked; their values ride along in
    ``notice.secret_params`` for ``notice_create`` to keep apart until the notice is sent."""
    spec = EVENTS[event]
    shown = {**context, **{name: SECRET_MASK for name in spec.secret if name in context}}
    subject, body, html = render(event, channel, language, shown)
    now = timezone.now()
    expires = expires or spec.expires
    notice = Notice(
        key=notice_key(event, complaint, recipient, channel, occurrence),
        event=event,
        complaint=complaint,
        recipient=recipient,
        channel=channel,
        occurrence=occurrence,
        user=user,
        language=language,
        subject=subject[:255],
        params=notice_params(event, language, context),
        body=body,
        html=html,
        send_after=earliest_send(event, channel, now),
        expires_at=now + expires if expires else None,
    )
    notice.secret_params = {name: _json_value(context[name]) for name in spec.secret if name in context}
    return notice


def _insert_unless_present(notice):
    """INSERT … ON CONFLICT (key) DO NOTHING: True if this call wrote the row. A concurrent
    writer of the same notice waits for the other transaction and then writes nothing, so the
    caller's transaction never sees an IntegrityError (PostgreSQL and SQLite ≥ 3.35)."""
    alias = router.db_for_write(Notice)
    connection = connections[alias]
    quote = connection.ops.quote_name
    meta = Notice._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    table, key, pk = quote(meta.db_table), quote(meta.get_field("key").column), quote(meta.pk.column)
    columns, placeholders = (
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    # Names from the model's own metadata; every value is a parameter.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) ON CONFLICT ({key}) DO NOTHING RETURNING {pk}"  # noqa: S608, E501
    values = [field.get_db_prep_save(field.pre_save(notice, add=True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return False
    notice.pk = row[0]
    notice._state.adding, notice._state.db = False, alias
    return True


def notice_create(**fields):
    """Write one notice (the arguments of ``build_notice``) in the current transaction; it is
    sent after commit by a worker. Writing the same notice again, even at the same moment from
    another transaction, changes nothing and returns None."""
    notice = build_notice(**fields)
    with transaction.atomic():
        if not _insert_unless_present(notice):
            return None
        if notice.secret_params:
            NoticeSecret.objects.create(notice=notice, params=notice.secret_params)
    if notice.send_after <= timezone.now():
        transaction.on_commit(lambda: enqueue(notice.pk))
    return notice


def notices_create_many(notices):
    """Write many notices at once (the same ones again are skipped); send them after commit."""
    if any(getattr(notice, "secret_params", None) for notice in notices):
        raise ValueError("notices with secret parameters are written one by one (notice_create)")
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


def complainant_preview(complaint, transition, **extra):
    """What the complainant would receive if ``transition`` were taken now with ``extra`` (the
    reply, the outcome): [(channel, subject, text)] in their language, their private link shown
    as a placeholder. Nothing is saved or sent."""
    event = TRANSITION_EVENTS.get(transition)
    if event is None:
        return []
    links = {name: PREVIEW_LINK for name in complaint_links(complaint, complaint.language)}
    context = {**complainant_context(complaint, **extra), **links}
    context.setdefault("message", extra.get("reply", ""))
    context.setdefault("reason", extra.get("reason", ""))
    context.setdefault("details", extra.get("details", ""))
    for name in ("reply_due", "review_due"):
        context.setdefault(name, "…")
    context.setdefault("appeal_deadline", complaint.appeal_deadline)
    shown = []
    for channel, _address in complainant_channels(complaint):
        subject, body, _html = render(event, channel, complaint.language, context)
        shown.append((Notice.Channel(channel).label, subject, body))
    return shown


PREVIEW_LINK = "https://…/track/…/"


def notify_complainant(complaint, event, occurrence="", **extra):
    context = complainant_context(complaint, **extra)
    _notify(complaint, event, complainant_channels(complaint), complaint.language, context, occurrence)


def _notify(complaint, event, channels, language, context, occurrence) -> list[str]:
    """One notice of ``event`` about ``complaint`` to each (channel, address) that has an
    address; returns the addresses."""
    told = []
    for channel, address in channels:
        if address:
            notice_create(
                event=event,
                recipient=address,
                channel=channel,
                language=language,
                context=context,
                complaint=complaint,
                occurrence=occurrence,
            )
            told.append(address)
    return told


def notify_company(complaint, event, due=None, occurrence="", sms=True, **extra):
    """Tell the company complained about (its contact email, and its mobile if ``sms``) in the
    platform's language, with a link to the complaint on its own pages; it gets the facts and
    demands, and the complainant's name and contact only with their consent (PIPL Art. 23),
    never the complainant's tracking link. Returns the addresses."""
    company = complaint.company
    context = {"complaint": complaint, "number": complaint.number, "company": company.name, "due": due}
    context["name"], context["share_identity"] = company.name, complaint.share_identity
    if company.odr_enrolled:
        context["company_url"] = site_url(reverse("companies:complaint", args=[complaint.number]))
    channels = [(Notice.Channel.EMAIL, company.contact_email)]
    if sms:
        channels.append((Notice.Channel.SMS, str(company.contact_phone or "")))
    context.update(extra)
    return _notify(complaint, event, channels, settings.LANGUAGE_CODE, context, f"{occurrence}:{due}")


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


class SecretGone(Exception):
    """The secret parameters of a notice are gone (purged): it can no longer be sent."""


def compose(notice):
    """(subject, body, html, params) to send: as stored, or, for a notice with secret
    parameters, rendered now from its parameters and its secret ones (never stored in it)."""
    if not EVENTS[notice.event].secret:
        return notice.subject, notice.body, notice.html, notice.params
    secret = NoticeSecret.objects.filter(notice_id=notice.pk).values_list("params", flat=True).first()
    if secret is None:
        raise SecretGone("its code is no longer kept")
    params = {**notice.params, **secret}
    return (*render(notice.event, notice.channel, notice.language, params), params)


def transmit(notice, content):
    subject, body, html, params = content
    identity = notice_identity(notice)
    if notice.channel == Notice.Channel.EMAIL:
        headers = {"Message-ID": notice_message_id(notice), "Auto-Submitted": "auto-generated"}
        message = EmailMultiAlternatives(subject, body, None, [notice.recipient], headers=headers)
        if html:
            message.attach_alternative(html, "text/html")
        message.send(fail_silently=False)
    else:
        get_backend().send(
            SMSMessage(
                phone=notice.recipient, text=body, template_code=notice.event, params=params, id=identity
            )
        )


def permanent_error(exc):
    """A refusal that no retry will change: an SMTP 5xx reply (550 mailbox unavailable, 554…),
    as opposed to a 4xx (451 try again later) or a connection problem."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600
    return False


def _without_secrets(text, notice, content):
    """``text`` with every secret parameter the notice was composed with masked."""
    for name, value in (content[3] if content else {}).items():
        if name not in notice.params and str(value):
            text = text.replace(str(value), "••••••")
    return text


def _wipe_secret(notice_id):
    NoticeSecret.objects.filter(notice_id=notice_id).delete()


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
        _wipe_secret(notice_id)
        return None
    content = None
    try:
        content = compose(notice)
        transmit(notice, content)
    except Exception as exc:  # noqa: BLE001 (any delivery error is recorded and retried)
        attempts = notice.attempts + 1
        # A gateway may echo the request, code included, into its error; staff read the error.
        error = _without_secrets(f"{type(exc).__name__}: {exc}", notice, content)[:2000]
        final = isinstance(exc, SecretGone) or permanent_error(exc)
        if final or attempts >= settings.NOTICE_MAX_ATTEMPTS:
            if final:
                error = f"refused, not retried: {error}"[:2000]
            this.filter(status=Notice.Status.SENDING).update(
                status=Notice.Status.FAILED, attempts=attempts, last_error=error
            )
            _wipe_secret(notice_id)
            logger.error("Notice %s failed after %s attempts: %s", notice_id, attempts, error)
            return None
        delay = settings.NOTICE_RETRY_SECONDS * 2 ** (attempts - 1)
        retry_at = earliest_send(notice.event, notice.channel, now + dt.timedelta(seconds=delay))
        this.filter(status=Notice.Status.SENDING).update(
            status=Notice.Status.PENDING, attempts=attempts, last_error=error, send_after=retry_at
        )
        return max((retry_at - timezone.now()).total_seconds(), 1)
    this.update(status=Notice.Status.SENT, attempts=F("attempts") + 1, sent_at=timezone.now())
    _wipe_secret(notice_id)
    return None


INTERRUPTED_AFTER = dt.timedelta(minutes=10)


def notices_dispatch(limit=1000):
    """Hand pending notices older than a minute to the workers again (the broker may have been
    down, or a retry lost). A notice left "sending" by a worker that died may or may not have
    gone out: it is flagged ``interrupted`` (a filter in the admin) and sent again with the
    same identity (Message-ID, OutId), so the provider and staff can tell it is the same
    message; after NOTICE_MAX_ATTEMPTS it is failed instead."""
    now = timezone.now()
    stale = Notice.objects.filter(status=Notice.Status.SENDING, claimed_at__lt=now - INTERRUPTED_AFTER)
    resend = []
    for notice in stale.only("pk", "event", "channel", "attempts", "claimed_at"):
        attempts = notice.attempts + 1
        this = Notice.objects.filter(pk=notice.pk, status=Notice.Status.SENDING, claimed_at=notice.claimed_at)
        if attempts >= settings.NOTICE_MAX_ATTEMPTS:
            this.update(
                status=Notice.Status.FAILED,
                interrupted=True,
                attempts=attempts,
                last_error="interrupted while sending, too often; check before retrying",
            )
            _wipe_secret(notice.pk)
            continue
        send_after = earliest_send(notice.event, notice.channel, now)
        claimed = timezone.localtime(notice.claimed_at)
        if (
            this.update(
                status=Notice.Status.PENDING,
                interrupted=True,
                attempts=attempts,
                last_error=f"interrupted while sending ({claimed:%Y-%m-%d %H:%M:%S}); sent again with "
                "the same identity, so it may arrive twice if the first try went out",
                send_after=send_after,
            )
            and send_after <= now
        ):
            resend.append(notice.pk)
    due = Notice.objects.filter(status=Notice.Status.PENDING, send_after__lte=now - dt.timedelta(minutes=1))
    ids = list(due.order_by("send_after").values_list("pk", flat=True)[:limit])
    for notice_id in resend + ids:
        enqueue(notice_id)
    return len(resend) + len(ids)


def notices_retry(queryset):
    """Admin: send failed notices again (SMS other than codes still wait out quiet hours)."""
    now = timezone.now()
    failed = list(queryset.filter(status=Notice.Status.FAILED).values_list("pk", "event", "channel"))
    for notice_id, event, channel in failed:
        Notice.objects.filter(pk=notice_id, status=Notice.Status.FAILED).update(
            status=Notice.Status.PENDING, send_after=earliest_send(event, channel, now), attempts=0
        )
        transaction.on_commit(lambda notice_id=notice_id: enqueue(notice_id))
    return len(failed)


def notices_purge_expired_codes():
    """Codes' notices (and anything kept for them) are deleted once the code has expired."""
    secret_events = [name for name, spec in EVENTS.items() if spec.secret]
    expired = Notice.objects.filter(event__in=secret_events, expires_at__lte=timezone.now())
    NoticeSecret.objects.filter(notice__expires_at__lte=timezone.now()).delete()
    return expired.delete()[1].get(Notice._meta.label, 0)


def send_verification_code(*, channel, address, code, minutes, language):
    """Codes are written to the outbox and sent by a worker after commit (a hung mail server
    never holds up a web request), at any hour, and expire with the code. The code itself is
    never stored in the notice (see NoticeSecret)."""
    return notice_create(
        event="verification_code",
        recipient=address,
        channel=channel,
        language=language,
        context={"code": code, "minutes": minutes},
        occurrence=f"{timezone.now():%Y%m%d%H%M%S%f}",
        expires=dt.timedelta(minutes=minutes),
    )


def notify_address(event, *, channel, address, language, occurrence, expires=None, **context):
    """One notice of ``event`` to an address that belongs to no complaint and no staff user
    (a company applying, a company's user); the context is the rest of the arguments."""
    return notice_create(
        event=event,
        recipient=address,
        channel=channel,
        language=language,
        context=context,
        occurrence=occurrence,
        expires=expires,
    )

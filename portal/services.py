"""What the public pages do, one function each; views only parse input and render."""

import os

from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.actors import ComplainantActor
from complaints.choices import Channel, ContactPreference, Status
from complaints.models import Company, ComplaintMessage
from complaints.services import complaint_file, complaint_transition, complaint_update
from evidence.services import (
    evidence_attach,
    evidence_attach_staged,
    evidence_stage,
    staged_for,
)

from . import codes, limits
from .models import VerificationCode


def session_owner(request) -> str:
    """The key that owns files staged by this browser."""
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key


def filing_stage_files(*, request, uploads, staged_ids):
    """Keep the files of a form that is not submitted yet; returns (all kept, newly kept,
    refusals). Files past what this session and this address may keep staged are refused."""
    if not uploads and not staged_ids:
        return [], [], []  # no files: no session needed for this visitor
    owner = session_owner(request)
    already = staged_for(owner=owner, ids=staged_ids)
    within, refusals = _within(uploads, limits.staging_allowance(request, owner))
    kept, refused = evidence_stage(uploads=within, owner=owner, already=already)
    limits.staging_charge(request, sum(item.size for item in kept))
    return already + kept, kept, refusals + refused


def filing_staged(*, request, staged_ids):
    """The files this browser staged before and the form posts back, without adding any."""
    owner = request.session.session_key
    return staged_for(owner=owner, ids=staged_ids) if owner and staged_ids else []


def _within(uploads, allowance):
    """(the uploads that fit in ``allowance`` bytes, a refusal for each of the others)."""
    within, refusals = [], []
    for upload in uploads:
        if upload.size > allowance:
            refusals.append(
                _(
                    "“%(name)s” was not kept: you have uploaded too much for now. Submit the complaint "
                    "with the files you have, or try again later."
                )
                % {"name": os.path.basename(upload.name)}
            )
            continue
        within.append(upload)
        allowance -= upload.size
    return within, refusals


def filing_submit(*, form, target, code, share_identity, staged, language, green_channel=False):
    """Save a complaint from the public form with its staged evidence, once the one-time code
    sent to ``target`` checks out; None when the code is wrong or expired (the try counts).
    The code is used up in the same transaction that saves the complaint."""
    with transaction.atomic():
        if not codes.code_check(purpose=VerificationCode.Purpose.FILING, target=target, code=code):
            return None
        complaint = form.save(commit=False)
        complaint.company = Company.for_name(form.cleaned_data["company_name"])
        complaint.channel = Channel.WEB
        complaint.share_identity = share_identity
        complaint.green_channel = green_channel
        complaint.privacy_consent_at = timezone.now()
        complaint.language = language
        complaint_file(complaint)
        if staged:
            evidence_attach_staged(complaint=complaint, staged=staged)
    return complaint


def material_add(*, complaint, text, uploads):
    """The complainant adds text and files; if we were waiting for them, handling resumes."""
    with transaction.atomic():
        if text.strip():
            complaint.add_message(ComplaintMessage.Kind.COMPLAINANT, text.strip())
        result = evidence_attach(complaint=complaint, uploads=uploads)
        if complaint.status == Status.AWAITING_COMPLAINANT and (text.strip() or result.saved):
            complaint_transition(
                complaint=complaint,
                name="resume",
                actor=ComplainantActor(complaint.pk),
                note=_("The complainant sent the information requested."),
            )
    return result


def edit_changes(complaint, form) -> list[tuple[str, str, str]]:
    """(label, old, new) for each field the edit form would change."""
    changes = []
    for name in form.changed_data:
        field = form.fields[name]
        old = form.get_initial_for_field(field, name)
        new = form.cleaned_data.get(name, "")
        if hasattr(field, "choices"):
            labels = dict(field.choices)
            old = ", ".join(str(labels.get(v, v)) for v in (old if isinstance(old, list) else [old]))
            new = ", ".join(str(labels.get(v, v)) for v in (new if isinstance(new, list) else [new]))
        changes.append((str(field.label), str(old or "—"), str(new or "—")))
    return changes


def edit_apply(*, complaint, form, code=""):
    """Save the complainant's edits before acceptance, recording what changed; None, saving
    nothing, when they give a new phone or email and ``code`` is not the one sent there (the
    try counts). The code is used up only if the edit is saved."""
    with transaction.atomic():
        if not _new_address_confirmed(complaint=complaint, form=form, code=code):
            return None
        changes = edit_changes(complaint, form)
        updated = form.save(commit=False)
        updated.company = Company.for_name(form.cleaned_data["company_name"])
        complaint_update(complaint=updated, changed=form.changed_data)
        summary = "\n".join(f"{label}: {old} → {new}" for label, old, new in changes)
        complaint.add_message(
            ComplaintMessage.Kind.COMPLAINANT, _("Edited by the complainant:") + "\n" + summary
        )
    return updated


def contact_change(*, complaint, form, code="") -> bool:
    """Save how the complainant wants to be contacted; False, saving nothing, when a new
    email is given and ``code`` is not the one sent there (the try counts)."""
    with transaction.atomic():
        if not _new_address_confirmed(complaint=complaint, form=form, code=code):
            return False
        form.save()
    return True


class MoreThanOneNewAddress(Exception):
    """A change that would send to two new addresses at once; each must be confirmed on its own."""


CONTACT_FIELDS = ["contact_preference", "complainant_phone", "complainant_email"]


def contact_new_address(*, complaint, form) -> tuple[str, str] | None:
    """The phone or email that the form's contact details would start sending codes or
    notices to, which must first prove to be the complainant's with a code sent there; None
    if nothing new would receive anything."""
    # A validated model form has put its values on the complaint already: what the complaint
    # had is in the form's initial values.
    current = model_to_dict(complaint, fields=CONTACT_FIELDS)
    before = {**current, **{name: form.initial[name] for name in CONTACT_FIELDS if name in form.initial}}
    new = _receiving({**current, **form.cleaned_data}) - _receiving(before)
    if len(new) > 1:
        raise MoreThanOneNewAddress
    return new.pop() if new else None


def _receiving(details) -> set[tuple[str, str]]:
    """(channel, address) of everything that receives codes or notices under these details."""
    preference, phone, email = (details.get(name) for name in CONTACT_FIELDS)
    addresses = set()
    if preference != ContactPreference.EMAIL and phone:
        addresses.add(("sms", str(phone)))
    if preference in (ContactPreference.EMAIL, ContactPreference.BOTH) and email:
        addresses.add(("email", email.strip().lower()))
    return addresses


def _new_address_confirmed(*, complaint, form, code) -> bool:
    address = contact_new_address(complaint=complaint, form=form)
    return address is None or codes.code_check(
        purpose=VerificationCode.Purpose.CONTACT, target=address[1], code=code
    )

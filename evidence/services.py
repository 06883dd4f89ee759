"""Attaching evidence to a complaint: each file checked on its own, the good ones kept."""

import os
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Sum

from .files import file_delete, file_save
from .models import Evidence, StagedUpload
from .validation import EvidenceRefused, check_complaint_limits, inspect_upload


def accepted_uploads(uploads, *, count, total, refusals):
    """(upload, inspection) for each file that passes the checks and the per-complaint limits
    (given the ``count`` files and ``total`` bytes already there); refusals are appended."""
    for upload in uploads:
        try:
            inspection = inspect_upload(upload)
            check_complaint_limits(name=upload.name, count=count, total=total, adding=inspection.size)
        except EvidenceRefused as refusal:
            refusals.append(str(refusal))
            continue
        yield upload, inspection
        count, total = count + 1, total + inspection.size


def _file_fields(upload, inspection):
    return {
        "original_name": os.path.basename(upload.name)[:255],
        "kind": inspection.kind,
        "mime_type": inspection.mime_type,
        "size": inspection.size,
        "sha256": inspection.sha256,
        "captured_at": inspection.captured_at,
    }


def _store(row, upload, inspection):
    """Save the file, then the row; if the row fails, or the caller's transaction rolls back
    later, the file goes too."""
    with transaction.atomic():
        file_save(field_file=row.file, name=f"upload{inspection.extension}", content=upload)
        row.save()
    return row


@dataclass
class AttachResult:
    saved: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # messages naming each refused file


def evidence_attach(*, complaint, uploads, uploaded_by=None, description="") -> AttachResult:
    """Store every acceptable file of ``uploads`` for ``complaint``; refuse the others with a
    message each. A refused file leaves nothing behind in storage or in the database."""
    result = AttachResult()
    with transaction.atomic():
        # Two uploads at once must not both slip under the per-complaint limits.
        type(complaint).objects.select_for_update(no_key=True).filter(pk=complaint.pk).values_list(
            "pk"
        ).first()
        totals = complaint.evidence.aggregate(count=Count("pk"), total=Sum("size"))
        for upload, inspection in accepted_uploads(
            uploads, count=totals["count"], total=totals["total"] or 0, refusals=result.refused
        ):
            result.saved.append(
                evidence_store(
                    complaint=complaint,
                    upload=upload,
                    inspection=inspection,
                    uploaded_by=uploaded_by,
                    description=description,
                )
            )
    return result


def evidence_store(*, complaint, upload, inspection, uploaded_by=None, description="") -> Evidence:
    """Write one checked file to storage and its row to the database, or neither."""
    row = Evidence(
        complaint=complaint,
        uploaded_by=uploaded_by,
        description=description,
        **_file_fields(upload, inspection),
    )
    return _store(row, upload, inspection)


def evidence_stage(*, uploads, owner, already=()) -> tuple[list[StagedUpload], list[str]]:
    """Check and keep files uploaded with a form that came back; returns (kept, refusals).
    ``already``: files this form staged before, counted against the per-complaint limits."""
    kept, refusals = [], []
    total = sum(item.size for item in already)
    for upload, inspection in accepted_uploads(uploads, count=len(already), total=total, refusals=refusals):
        kept.append(_store(StagedUpload(owner=owner, **_file_fields(upload, inspection)), upload, inspection))
    return kept, refusals


def staged_for(*, owner, ids) -> list[StagedUpload]:
    return list(
        StagedUpload.objects.filter(
            owner=owner, pk__in=[i for i in ids if str(i).isascii() and str(i).isdigit()]
        )
    )


def staged_discard(items) -> None:
    """Delete staged uploads and, once that commits, their files."""
    with transaction.atomic():
        for item in items:
            file_delete(field_file=item.file)
            item.delete()


def evidence_attach_staged(*, complaint, staged, uploaded_by=None) -> AttachResult:
    """Turn staged files into the complaint's evidence (the stored file stays where it is)."""
    result = AttachResult()
    totals = complaint.evidence.aggregate(count=Count("pk"), total=Sum("size"))
    count, total = totals["count"], totals["total"] or 0
    for item in staged:
        try:
            check_complaint_limits(name=item.original_name, count=count, total=total, adding=item.size)
        except EvidenceRefused as refusal:
            result.refused.append(str(refusal))
            staged_discard([item])
            continue
        evidence = Evidence.objects.create(
            complaint=complaint,
            file=item.file.name,
            original_name=item.original_name,
            kind=item.kind,
            mime_type=item.mime_type,
            size=item.size,
            sha256=item.sha256,
            captured_at=item.captured_at,
            uploaded_by=uploaded_by,
        )
        item.delete()
        result.saved.append(evidence)
        count, total = count + 1, total + item.size
    return result

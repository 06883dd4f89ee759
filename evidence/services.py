"""Attaching evidence to a complaint: each file checked on its own, the good ones kept."""

import os
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Sum

from .models import Evidence, StagedUpload
from .validation import EvidenceRefused, check_complaint_limits, inspect_upload


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
        type(complaint).objects.select_for_update().filter(pk=complaint.pk).values_list("pk").first()
        totals = complaint.evidence.aggregate(count=Count("pk"), total=Sum("size"))
        count, total = totals["count"], totals["total"] or 0
        for upload in uploads:
            try:
                inspection = inspect_upload(upload)
                check_complaint_limits(name=upload.name, count=count, total=total, adding=inspection.size)
            except EvidenceRefused as refusal:
                result.refused.append(str(refusal))
                continue
            result.saved.append(
                evidence_store(
                    complaint=complaint,
                    upload=upload,
                    inspection=inspection,
                    uploaded_by=uploaded_by,
                    description=description,
                )
            )
            count, total = count + 1, total + inspection.size
    return result


def evidence_store(*, complaint, upload, inspection, uploaded_by=None, description="") -> Evidence:
    """Write one checked file to storage and its row to the database, or neither."""
    evidence = Evidence(
        complaint=complaint,
        original_name=os.path.basename(upload.name)[:255],
        kind=inspection.kind,
        mime_type=inspection.mime_type,
        size=inspection.size,
        sha256=inspection.sha256,
        captured_at=inspection.captured_at,
        uploaded_by=uploaded_by,
        description=description,
    )
    evidence.file.save(f"upload{inspection.extension}", upload, save=False)
    try:
        with transaction.atomic():
            evidence.save()
    except Exception:
        evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


def evidence_stage(*, uploads, owner, already=()) -> tuple[list[StagedUpload], list[str]]:
    """Check and keep files uploaded with a form that came back; returns (kept, refusals).
    ``already``: files this form staged before, counted against the per-complaint limits."""
    kept, refusals = [], []
    count, total = len(already), sum(item.size for item in already)
    for upload in uploads:
        try:
            inspection = inspect_upload(upload)
            check_complaint_limits(name=upload.name, count=count, total=total, adding=inspection.size)
        except EvidenceRefused as refusal:
            refusals.append(str(refusal))
            continue
        staged = StagedUpload(
            owner=owner,
            original_name=os.path.basename(upload.name)[:255],
            kind=inspection.kind,
            mime_type=inspection.mime_type,
            size=inspection.size,
            sha256=inspection.sha256,
            captured_at=inspection.captured_at,
        )
        staged.file.save(f"upload{inspection.extension}", upload, save=False)
        try:
            staged.save()
        except Exception:
            staged.file.storage.delete(staged.file.name)
            raise
        kept.append(staged)
        count, total = count + 1, total + inspection.size
    return kept, refusals


def staged_for(*, owner, ids) -> list[StagedUpload]:
    return list(StagedUpload.objects.filter(owner=owner, pk__in=[i for i in ids if str(i).isdigit()]))


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
            item.file.delete(save=False)
            item.delete()
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

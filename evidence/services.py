"""Attaching evidence to a complaint: each file checked on its own, the good ones kept."""

import os
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Sum

from .models import Evidence
from .validation import EvidenceRefused, check_complaint_limits, inspect_upload


@dataclass
class AttachResult:
    saved: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # messages naming each refused file


def evidence_attach(*, complaint, uploads, uploaded_by=None, description="") -> AttachResult:
    """Store every acceptable file of ``uploads`` for ``complaint``; refuse the others with a
    message each. A refused file leaves nothing behind in storage or in the database."""
    result = AttachResult()
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

"""Evidence downloads: never a public URL; every request is checked first."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from storages.backends.s3 import S3Storage

from complaints.models import Complaint
from staffaccess import audit
from staffaccess.models import AccessAction

from .models import Evidence, EvidenceDownload
from .validation import Kind

# Kinds a browser may show in the page (thumbnails, players) for staff; the rest download.
INLINE_KINDS = {Kind.IMAGE, Kind.AUDIO, Kind.VIDEO}


def serve(evidence, *, inline=False, filename=None):
    """The file, to download (``filename``: the name to give it; its own by default)."""
    as_attachment = not (inline and evidence.kind in INLINE_KINDS)
    filename = filename or evidence.original_name
    storage = evidence.file.storage
    if isinstance(storage, S3Storage):
        url = storage.url(
            evidence.file.name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(as_attachment, filename),
                "ResponseContentType": evidence.mime_type,
                "ResponseCacheControl": "private, no-store",
            },
        )
        response = HttpResponseRedirect(url)
    else:
        response = FileResponse(
            storage.open(evidence.file.name, "rb"),
            as_attachment=as_attachment,
            filename=filename,
            content_type=evidence.mime_type,
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@staff_member_required
def staff_download(request, pk):
    evidence = get_object_or_404(Evidence, pk=pk)
    if not request.user.has_perm("evidence.view_evidence"):
        raise PermissionDenied
    EvidenceDownload.objects.create(evidence=evidence, user=request.user)
    audit.record(request, AccessAction.DOWNLOADED_EVIDENCE, f"{evidence.complaint.number} · {evidence.pk}")
    return serve(evidence, inline=request.GET.get("inline") == "1")


@never_cache
def complainant_download(request, token, pk):
    # Never .only()/.defer() a Complaint: django-fsm reloads deferred state fields endlessly.
    complaint = Complaint.objects.filter(access_token=token).first()
    if complaint is None:
        raise Http404
    evidence = get_object_or_404(Evidence, pk=pk, complaint=complaint)
    return serve(evidence)

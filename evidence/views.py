"""Evidence downloads: never a public URL; every request is checked first."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
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
def staff_download(request, pk):
    """For staff who may open the admin (the second factor given, where their role needs one)."""
    if not admin.site.has_permission(request):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    evidence = get_object_or_404(Evidence, pk=pk)
    if not request.user.has_perm("evidence.view_evidence"):
        raise PermissionDenied
    inline = request.GET.get("inline") == "1"
    if not inline:  # a preview on the case page, whose opening is recorded already
        EvidenceDownload.objects.create(evidence=evidence, user=request.user)
        subject = f"{evidence.complaint.number} · {evidence.pk}"
        audit.record(request, AccessAction.DOWNLOADED_EVIDENCE, subject)
    return serve(evidence, inline=inline)


@never_cache
def complainant_download(request, token, pk):
    # Never .only()/.defer() a Complaint: django-fsm reloads deferred state fields endlessly.
    complaint = Complaint.objects.filter(access_token=token).first()
    if complaint is None:
        raise Http404
    evidence = get_object_or_404(Evidence, pk=pk, complaint=complaint)
    return serve(evidence)

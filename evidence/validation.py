"""What may be uploaded as evidence, judged by the bytes, never by the name."""

import datetime as dt
import hashlib
import os
from dataclasses import dataclass

import magic
from django.conf import settings
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.validators import validate_event_time

CHUNK = 1024 * 1024


class Kind(models.TextChoices):
    IMAGE = "image", gettext_lazy("Image")
    DOCUMENT = "document", gettext_lazy("Document")
    TEXT = "text", gettext_lazy("Text or chat export")
    AUDIO = "audio", gettext_lazy("Audio recording")
    VIDEO = "video", gettext_lazy("Video")


# Detected MIME type -> (kind, extensions a file of that content may have; the first is used
# for the stored name).
ALLOWED = {
    "image/jpeg": (Kind.IMAGE, (".jpg", ".jpeg")),
    "image/png": (Kind.IMAGE, (".png",)),
    "image/heic": (Kind.IMAGE, (".heic", ".heif")),
    "image/heif": (Kind.IMAGE, (".heif", ".heic")),
    "image/webp": (Kind.IMAGE, (".webp",)),
    "image/gif": (Kind.IMAGE, (".gif",)),
    "application/pdf": (Kind.DOCUMENT, (".pdf",)),
    "application/msword": (Kind.DOCUMENT, (".doc",)),
    "application/vnd.ms-excel": (Kind.DOCUMENT, (".xls",)),
    "application/x-ole-storage": (Kind.DOCUMENT, (".doc", ".xls")),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (Kind.DOCUMENT, (".docx",)),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (Kind.DOCUMENT, (".xlsx",)),
    "text/plain": (Kind.TEXT, (".txt", ".csv", ".log")),
    "text/csv": (Kind.TEXT, (".csv", ".txt")),
    "audio/mpeg": (Kind.AUDIO, (".mp3",)),
    "audio/x-m4a": (Kind.AUDIO, (".m4a", ".aac", ".mp4")),
    "audio/mp4": (Kind.AUDIO, (".m4a", ".aac", ".mp4")),
    "audio/aac": (Kind.AUDIO, (".aac", ".m4a")),
    "audio/x-hx-aac-adts": (Kind.AUDIO, (".aac",)),
    "audio/amr": (Kind.AUDIO, (".amr",)),
    "audio/x-wav": (Kind.AUDIO, (".wav",)),
    "audio/wav": (Kind.AUDIO, (".wav",)),
    "video/mp4": (Kind.VIDEO, (".mp4", ".m4v")),
    "video/quicktime": (Kind.VIDEO, (".mov", ".qt")),
}

EXECUTABLE_TYPES = {
    "application/x-dosexec",
    "application/x-executable",
    "application/x-pie-executable",
    "application/x-sharedlib",
    "application/x-mach-binary",
    "application/x-msdownload",
    "application/java-archive",
    "application/vnd.microsoft.portable-executable",
}
ARCHIVE_TYPES = {
    "application/zip",
    "application/gzip",
    "application/x-gzip",
    "application/x-rar",
    "application/vnd.rar",
    "application/x-7z-compressed",
    "application/x-tar",
    "application/x-bzip2",
    "application/x-xz",
    "application/zstd",
}
WEB_TYPES = {"text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml"}


class EvidenceRefused(Exception):
    """A file that may not be kept; the message names the file and the reason."""


def refused(name, reason) -> EvidenceRefused:
    return EvidenceRefused(_("“%(name)s” was not accepted: %(reason)s.") % {"name": name, "reason": reason})


@dataclass(frozen=True)
class Inspection:
    kind: str
    mime_type: str
    extension: str
    size: int
    sha256: str
    captured_at: dt.datetime | None


def limit_for(kind: str) -> int:
    return settings.EVIDENCE_MAX_BYTES[kind]


def _detect(upload) -> str:
    path = getattr(upload, "temporary_file_path", None)
    if path:
        return magic.from_file(path(), mime=True)
    upload.seek(0)
    head = upload.read(256 * 1024)
    upload.seek(0)
    return magic.from_buffer(head, mime=True)


def _refusal_reason(mime: str, name: str, extension: str) -> str | None:
    if mime in EXECUTABLE_TYPES or mime.startswith("text/x-") or "script" in mime:
        return _("programs and scripts are not accepted")
    if mime in ARCHIVE_TYPES:
        return _("archives are not accepted; upload the files inside them one by one")
    if mime in WEB_TYPES:
        return _("web pages, SVG and XML files are not accepted; send a screenshot or PDF instead")
    if mime not in ALLOWED:
        return _("this kind of file (%(type)s) is not accepted") % {"type": mime}
    if extension not in ALLOWED[mime][1]:
        return _("its content is %(type)s but its name ends in “%(ext)s”") % {
            "type": mime,
            "ext": extension or _("(no extension)"),
        }
    return None


def sha256_of(chunks) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def inspect_upload(upload) -> Inspection:
    """Check one uploaded file. Raises EvidenceRefused with a message naming the file."""
    name = os.path.basename(upload.name or "")
    extension = os.path.splitext(name)[1].lower()

    def refuse(reason):
        raise refused(name, reason)

    if not upload.size:
        refuse(_("the file is empty"))
    mime = _detect(upload)
    reason = _refusal_reason(mime, name, extension)
    if reason:
        refuse(reason)
    kind = ALLOWED[mime][0]
    if upload.size > limit_for(kind):
        refuse(
            _("it is %(size)s, more than the %(limit)s allowed for this kind of file")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit_for(kind))}
        )
    sha256, size = sha256_of(upload.chunks(CHUNK))
    upload.seek(0)
    return Inspection(kind, mime, extension, size, sha256, _captured_at(upload, kind, name))


def _too_large(size) -> str:
    from PIL import Image

    limit = {"limit": number_format(Image.MAX_IMAGE_PIXELS, force_grouping=True)}
    if size:
        return _("the image is too large (%(width)d×%(height)d pixels); the limit is %(limit)s pixels") % {
            "width": size[0],
            "height": size[1],
            **limit,
        }
    return _("the image is too large; the limit is %(limit)s pixels") % limit


def _exif_of(upload, name):
    """The raw EXIF block of an image, read from its header without decoding the pixels.
    Refuses an image bigger than Pillow's decompression-bomb limit; any other file Pillow
    cannot read is kept, without a capture time."""
    from PIL import Image
    from pillow_heif import register_heif_opener

    register_heif_opener()
    try:
        with Image.open(upload) as image:
            size, raw = image.size, image.info.get("exif")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refused(name, _too_large(None)) from None
    except Exception:  # noqa: BLE001 (hostile files make Pillow and pillow-heif raise anything)
        return None
    finally:
        upload.seek(0)
    if size[0] * size[1] > Image.MAX_IMAGE_PIXELS:  # over the limit, below Pillow's error
        raise refused(name, _too_large(size))
    return raw


def _captured_at(upload, kind, name):
    """When an image was taken, from its EXIF data (DateTimeOriginal, else DateTime)."""
    if kind != Kind.IMAGE:
        return None
    from django.utils import timezone
    from PIL import Image

    raw = _exif_of(upload, name)
    if not raw:
        return None
    try:
        exif = Image.Exif()
        exif.load(raw)
        value = exif.get_ifd(0x8769).get(36867) or exif.get(306)
        taken = dt.datetime.strptime(str(value).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
        taken = timezone.make_aware(taken)  # cameras record local time; ours is Asia/Shanghai
        validate_event_time(taken)  # the sender wrote it: year 1 would make the row unreadable
    except Exception:  # noqa: BLE001 (EXIF is written by the sender: anything may be in it)
        return None
    return taken


def check_complaint_limits(*, name: str, count: int, total: int, adding: int) -> None:
    """Refuse a file that would take the complaint past its number or bytes of evidence."""
    if count + 1 > settings.EVIDENCE_MAX_FILES:
        raise refused(
            name,
            _("a complaint can have at most %(count)d evidence files")
            % {"count": settings.EVIDENCE_MAX_FILES},
        )
    if total + adding > settings.EVIDENCE_MAX_TOTAL_BYTES:
        raise refused(
            name,
            _("a complaint can have at most %(limit)s of evidence in all")
            % {"limit": filesizeformat(settings.EVIDENCE_MAX_TOTAL_BYTES)},
        )

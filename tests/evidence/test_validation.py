"""Files are judged by their bytes; each refusal names the file and says why."""

import datetime as dt

import pytest
import time_machine

from evidence.validation import EvidenceRefused, inspect_upload
from tests.evidence.samples import ACCEPTED, REFUSED, image, jpeg_claiming, png_claiming, upload


@pytest.mark.parametrize("name", ACCEPTED)
def test_accepted_kinds(name):
    kind, make = ACCEPTED[name]
    assert inspect_upload(upload(name, make())).kind == kind


@pytest.mark.parametrize("name", REFUSED)
def test_refused_files_are_named_with_the_reason(name):
    content, reason = REFUSED[name]
    with pytest.raises(EvidenceRefused) as refusal:
        inspect_upload(upload(name, content, content_type="image/jpeg"))
    assert name in str(refusal.value)
    assert reason in str(refusal.value)


def test_empty_file_is_refused():
    with pytest.raises(EvidenceRefused, match="empty"):
        inspect_upload(upload("blank.jpg", b""))


def test_size_limit_per_kind(settings):
    settings.EVIDENCE_MAX_BYTES = {**settings.EVIDENCE_MAX_BYTES, "image": 100}
    big = image()
    assert len(big) > 100
    with pytest.raises(EvidenceRefused, match="more than the"):
        inspect_upload(upload("big.jpg", big))
    assert inspect_upload(upload("doc.pdf", b"%PDF-1.4\n" + b"0" * 200 + b"\n%%EOF\n")).kind == "document"


# A fixed moment: capture times are checked against now (not before 1990, at most a day ahead).
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@time_machine.travel(NOW, tick=False)
def test_capture_time_comes_from_exif():
    result = inspect_upload(upload("taken.jpg", image(exif_taken="2026:11:01 09:30:00")))
    assert result.captured_at.isoformat() == "2026-11-01T09:30:00+08:00"
    assert inspect_upload(upload("plain.jpg", image())).captured_at is None


def test_hash_is_of_the_exact_bytes():
    import hashlib

    content = image()
    assert inspect_upload(upload("a.jpg", content)).sha256 == hashlib.sha256(content).hexdigest()


HUGE = {
    "bomb.png": (png_claiming(30000, 30000), "the limit is"),
    "bomb.jpg": (jpeg_claiming(65000, 65000), "the limit is"),
    "big.png": (png_claiming(10000, 10000), "(10000×10000 pixels)"),
}


@pytest.mark.parametrize("name", HUGE)
def test_images_too_large_to_decode_are_refused(name):
    content, detail = HUGE[name]
    assert len(content) < 1000  # small on disk, enormous once decoded
    with pytest.raises(EvidenceRefused) as refusal:
        inspect_upload(upload(name, content))
    assert name in str(refusal.value) and "image is too large" in str(refusal.value)
    assert detail in str(refusal.value)


@pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")
def test_too_large_is_a_refusal_when_warnings_are_errors():
    with pytest.raises(EvidenceRefused, match="image is too large"):
        inspect_upload(upload("big.png", png_claiming(10000, 10000)))


def test_an_image_pillow_cannot_read_is_kept_without_a_capture_time():
    broken = image()[:200]
    assert inspect_upload(upload("cut.jpg", broken)).captured_at is None


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("taken", ["0001:01:01 00:00:00", "1000:06:01 12:00:00", "2026:11:22 09:30:00"])
def test_capture_times_before_1990_or_in_the_future_are_ignored(taken):
    assert inspect_upload(upload("photo.jpg", image(exif_taken=taken))).captured_at is None

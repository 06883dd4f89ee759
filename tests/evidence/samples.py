"""Small real files of each kind, made in memory."""

import io
import struct
import wave
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image(fmt="JPEG", exif_taken=None):
    buffer = io.BytesIO()
    picture = Image.new("RGB", (16, 16), "red")
    if exif_taken:
        exif = Image.Exif()
        exif.get_ifd(0x8769)[36867] = exif_taken
        picture.save(buffer, fmt, exif=exif)
    else:
        picture.save(buffer, fmt)
    return buffer.getvalue()


def png_claiming(width, height):
    """A PNG of a few hundred bytes whose header says ``width``×``height`` (a decompression bomb:
    decoding it would need width×height×3 bytes)."""
    real = image("PNG")
    start = real.index(b"IHDR")
    chunk = b"IHDR" + struct.pack(">II", width, height) + real[start + 12 : start + 17]
    header = struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return real[: start - 4] + header + real[start + 21 :]


def jpeg_claiming(width, height):
    """A small JPEG whose start-of-frame marker says ``width``×``height``."""
    real = bytearray(image())
    sof = real.index(b"\xff\xc0")
    real[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(real)


def office(kind):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return buffer.getvalue()


def wav():
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * 800)
    return buffer.getvalue()


def archive():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        out.writestr("screenshot.jpg", image())
    return buffer.getvalue()


MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2\x00\x00\x00\x08free" + b"\0" * 100
ACCEPTED = {
    "截图.jpg": ("image", image),
    "screen.png": ("image", lambda: image("PNG")),
    "anim.gif": ("image", lambda: image("GIF")),
    "photo.webp": ("image", lambda: image("WEBP")),
    "IMG_0001.HEIC": ("image", lambda: b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\0" * 100),
    "合同.pdf": ("document", lambda: b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
    "letter.docx": ("document", lambda: office("docx")),
    "bill.xlsx": ("document", lambda: office("xlsx")),
    "聊天记录.txt": ("text", lambda: "2026-11-01 10:00 客服：您好\n".encode() * 5),
    "wechat-gbk.txt": ("text", lambda: "客服：您好，请稍等\n".encode("gb18030") * 5),
    "chat.csv": ("text", lambda: "时间,发送人,内容\n2026-11-01,客服,您好\n".encode()),
    "call.mp3": (
        "audio",
        lambda: b"ID3\x03\x00\x00\x00\x00\x00\x0f" + b"\0" * 15 + b"\xff\xfb\x90\x64" + b"\0" * 400,
    ),
    "call.m4a": (
        "audio",
        lambda: b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom\x00\x00\x00\x08free" + b"\0" * 100,
    ),
    "call.amr": ("audio", lambda: b"#!AMR\n\x3c" + b"\0" * 31),
    "call.wav": ("audio", wav),
    "screen.mp4": ("video", lambda: MP4),
    "clip.mov": (
        "video",
        lambda: b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  \x00\x00\x00\x08wide" + b"\0" * 100,
    ),
}

REFUSED = {
    "evil.jpg": (b"MZ\x90\x00" + b"\0" * 60 + b"PE\0\0" + b"\0" * 200, "programs"),
    "page.txt": (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "web pages"),
    "logo.svg": (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', "SVG"),
    "run.sh": (b"#!/bin/sh\nrm -rf /\n", "scripts"),
    "evidence.zip": (archive(), "archives"),
    "photo.jpg": (image("PNG"), "its content is image/png"),
    "notes.js": (b"alert('x')\n", "“.js”"),
}


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)

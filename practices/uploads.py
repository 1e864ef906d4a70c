"""Validate an uploaded attachment by what it is, not by what it claims to be.

The type is sniffed from the bytes (`filetype`), never taken from the file
name or the client's Content-Type. Office documents are ZIP containers, so
they are told apart by the entry that names their type: `[Content_Types].xml`
for OOXML (DOCX, XLSX) and the `mimetype` entry for OpenDocument (ODT).
The file name's extension must agree with the sniffed type, and the rest of
the file with the type its first bytes claim: a PDF or an image that carries a
web page's markup, or lacks its type's proper end, is refused. ZIP containers
are read in bounded chunks (`_inspect_zip`), so a "zip bomb" is refused after
at most the configured number of bytes, in constant memory.
"""

import re
import secrets
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
PNG = "image/png"
JPEG = "image/jpeg"

EXTENSIONS = {
    PDF: {"pdf"},
    DOCX: {"docx"},
    XLSX: {"xlsx"},
    ODT: {"odt"},
    PNG: {"png"},
    JPEG: {"jpg", "jpeg"},
}
# The main part each OOXML type declares in [Content_Types].xml.
OOXML_MAIN_PARTS = {
    DOCX: "wordprocessingml.document.main+xml",
    XLSX: "spreadsheetml.sheet.main+xml",
}
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class CheckedUpload:
    mime_type: str
    original_name: str
    size: int
    storage_key: str


# The first bytes of archives an office document has no reason to carry inside it.
ARCHIVE_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c", b"Rar!", b"BZh", b"\xfd7zXZ")
ARCHIVE_SUFFIXES = (".zip", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".jar", ".gz", ".tgz", ".7z", ".rar", ".bz2", ".xz")
CHUNK = 64 * 1024
# Below this many uncompressed bytes an entry's ratio says nothing (a small XML file compresses well).
RATIO_FLOOR = 1024 * 1024


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError({"file": message}, code=code)


def _too_large_inside() -> ValidationError:
    return _refuse(_("The document unpacks to more than this hub accepts; it may be a “zip bomb”."), "zip_too_large")


def _inspect_zip(archive: zipfile.ZipFile) -> None:
    """Read every entry in bounded chunks, counting what really comes out, never trusting the declared sizes.

    Refuses too many entries, an entry or a total beyond the caps, a compression ratio no document has,
    and archives nested inside. Memory stays at one chunk whatever the archive claims.
    """
    entries = archive.infolist()
    if len(entries) > settings.ATTACHMENT_ZIP_MAX_ENTRIES:
        raise _refuse(_("The document holds too many files (%(count)d; the limit is %(limit)d).")
                      % {"count": len(entries), "limit": settings.ATTACHMENT_ZIP_MAX_ENTRIES}, "zip_too_many_entries")
    per_entry, total_cap, ratio = (
        settings.ATTACHMENT_ZIP_MAX_ENTRY_BYTES, settings.ATTACHMENT_ZIP_MAX_TOTAL_BYTES, settings.ATTACHMENT_ZIP_MAX_RATIO
    )
    if sum(entry.file_size for entry in entries) > total_cap or any(entry.file_size > per_entry for entry in entries):
        raise _too_large_inside()
    total = 0
    for entry in entries:
        if entry.is_dir():
            continue
        if entry.filename.lower().endswith(ARCHIVE_SUFFIXES):
            raise _refuse(_("The document contains another archive, which is not allowed."), "zip_nested")
        size = 0
        with archive.open(entry) as stream:
            while chunk := stream.read(CHUNK):
                if size == 0 and chunk.startswith(ARCHIVE_MAGIC):
                    raise _refuse(_("The document contains another archive, which is not allowed."), "zip_nested")
                size += len(chunk)
                total += len(chunk)
                if size > per_entry or total > total_cap:
                    raise _too_large_inside()
                if size > RATIO_FLOOR and size > ratio * max(entry.compress_size, 1):
                    raise _too_large_inside()


def _read_entry(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as stream:
        return stream.read(SNIFF_BYTES * 8)


def _zip_container_type(upload: UploadedFile) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            mime_type = None
            if "mimetype" in names and _read_entry(archive, "mimetype").strip() == ODT.encode():
                mime_type = ODT
            elif "[Content_Types].xml" in names:
                declared = _read_entry(archive, "[Content_Types].xml").decode("utf-8", "replace")
                mime_type = next((mime for mime, main_part in OOXML_MAIN_PARTS.items() if main_part in declared), None)
            if mime_type is not None:
                _inspect_zip(archive)
            return mime_type
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, ValueError, NotImplementedError, RuntimeError, zlib.error):
        return None
    finally:
        upload.seek(0)


# Markup that only a web page has: a file that carries it behind a PDF or image header is a page in disguise.
HTML_MARKERS = re.compile(rb"<(?:!doctype\s+html|html[\s>]|script[\s>/]|iframe[\s>/]|body[\s>])", re.IGNORECASE)
# How each type must end, within the last bytes of the file.
TRAILERS = {PDF: b"%%EOF", PNG: b"IEND\xaeB`\x82", JPEG: b"\xff\xd9"}
TRAILER_WINDOW = 1024


def _content_agrees(upload: UploadedFile, mime_type: str) -> bool:
    """Whether the whole file, not only its magic bytes, is what it claims: no web markup, the type's proper end."""
    upload.seek(0)
    tail = b""
    previous = b""
    try:
        for chunk in upload.chunks(CHUNK * 16):
            if HTML_MARKERS.search(previous[-32:] + chunk):
                return False
            previous = chunk
            tail = (tail + chunk)[-TRAILER_WINDOW:]
    finally:
        upload.seek(0)
    return TRAILERS[mime_type] in tail


def sniff_type(upload: UploadedFile) -> str | None:
    """The allowed MIME type the content really has, or None."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.mime in (PDF, PNG, JPEG):
        return kind.mime if _content_agrees(upload, kind.mime) else None
    # filetype reports OOXML/ODF as their own types or as plain ZIP depending on entry order.
    if kind.extension in ("zip", "docx", "xlsx", "odt"):
        return _zip_container_type(upload)
    return None


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Raise a ValidationError on the `file` field, or return what to store."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            {"file": _("The file is too large (%(size)s); the limit is %(limit)s.")
             % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}},
            code="too_large",
        )
    mime_type = sniff_type(upload)
    if mime_type is None:
        raise ValidationError(
            {"file": _("This file type is not allowed. Upload a PDF, DOCX, XLSX, ODT, PNG or JPEG file.")},
            code="type_not_allowed",
        )
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in EXTENSIONS[mime_type]:
        raise ValidationError(
            {"file": _("The file name's extension (.%(extension)s) does not match its content (%(expected)s).")
             % {"extension": extension, "expected": ", ".join(f".{e}" for e in sorted(EXTENSIONS[mime_type]))}},
            code="extension_mismatch",
        )
    return CheckedUpload(
        mime_type=mime_type,
        original_name=name[:255],
        size=upload.size,
        storage_key=f"{secrets.token_urlsafe(24)}.{extension}",
    )

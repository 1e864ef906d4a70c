"""Validate an uploaded attachment by what it is, not by what it claims to be.

The type is sniffed from the bytes (`filetype`), never taken from the file
name or the client's Content-Type. Office documents are ZIP containers, so
they are told apart by the entry that names their type: `[Content_Types].xml`
for OOXML (DOCX, XLSX) and the `mimetype` entry for OpenDocument (ODT).
The file name's extension must agree with the sniffed type.
"""

import secrets
import zipfile
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


def _zip_container_type(upload: UploadedFile) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
            if "[Content_Types].xml" in names:
                declared = archive.read("[Content_Types].xml").decode("utf-8", "replace")
                for mime_type, main_part in OOXML_MAIN_PARTS.items():
                    if main_part in declared:
                        return mime_type
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    finally:
        upload.seek(0)
    return None


def sniff_type(upload: UploadedFile) -> str | None:
    """The allowed MIME type the content really has, or None."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.mime in (PDF, PNG, JPEG):
        return kind.mime
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

"""Hostile uploads: ZIP containers read in bounded chunks (bombs, nesting), and content that disagrees with its header."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from practices.models import Attachment
from practices.uploads import check_upload

from .test_uploads import JPEG, PDF, PNG, upload

pytestmark = pytest.mark.django_db

CONTENT_TYPES = '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
BOMB = "The document unpacks to more than this hub accepts; it may be a “zip bomb”."
NESTED = "The document contains another archive, which is not allowed."
NOT_ALLOWED = "This file type is not allowed. Upload a PDF, DOCX, XLSX, ODT, PNG or JPEG file."


def docx(*entries: tuple[str, bytes], content_types: str = CONTENT_TYPES, zeros_in_content_types: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("[Content_Types].xml", "w", force_zip64=True) as part:
            part.write(content_types.encode())
            chunk = b" " * (1024 * 1024)
            for _ in range(zeros_in_content_types // len(chunk)):
                part.write(chunk)
        archive.writestr("word/document.xml", "<w:document/>")
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def refusal(name: str, content: bytes) -> list[str]:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile(name, content))
    return caught.value.message_dict["file"]


def test_a_gibibyte_behind_the_content_types_is_refused_in_bounded_memory(editor_client, draft_practice):
    bomb = docx(zeros_in_content_types=1024 * 1024 * 1024)
    assert len(bomb) < 2 * 1024 * 1024
    tracemalloc.start()
    response = upload(editor_client, draft_practice, "plan.docx", bomb)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"file": ["ფაილი იმაზე მეტად იშლება, ვიდრე ჰაბი იღებს; შესაძლოა ეს „zip-ბომბი“ იყოს."]}
    assert peak < 64 * 1024 * 1024
    assert not Attachment.objects.exists()


@override_settings(ATTACHMENT_ZIP_MAX_RATIO=10_000, ATTACHMENT_ZIP_MAX_ENTRY_BYTES=2 * 1024 * 1024)
def test_an_entry_over_its_cap_is_refused():
    assert refusal("plan.docx", docx(("word/media/big.bin", b"\x01" * (3 * 1024 * 1024)))) == [BOMB]


@override_settings(ATTACHMENT_ZIP_MAX_RATIO=10_000, ATTACHMENT_ZIP_MAX_TOTAL_BYTES=3 * 1024 * 1024)
def test_entries_over_the_total_cap_are_refused():
    entries = [(f"word/media/{index}.bin", b"\x02" * (1024 * 1024)) for index in range(4)]
    assert refusal("plan.docx", docx(*entries)) == [BOMB]


def test_sizes_the_central_directory_understates_are_refused_either_way():
    honest = docx(("word/media/big.bin", b"\x03" * (5 * 1024 * 1024)))
    with override_settings(ATTACHMENT_ZIP_MAX_RATIO=1_000_000, ATTACHMENT_ZIP_MAX_ENTRY_BYTES=4 * 1024 * 1024):
        # Rewrite the declared uncompressed size of the big entry (central directory and local header) to 1 byte.
        lying = bytearray(honest)
        archive = zipfile.ZipFile(io.BytesIO(honest))
        info = archive.getinfo("word/media/big.bin")
        size = info.file_size.to_bytes(4, "little")
        lying = bytes(lying).replace(size, (1).to_bytes(4, "little"))
        assert refusal("plan.docx", lying) in ([BOMB], [NOT_ALLOWED])


def test_a_compression_ratio_no_document_has_is_refused():
    assert refusal("plan.docx", docx(("word/media/zeros.bin", b"\x00" * (8 * 1024 * 1024)))) == [BOMB]


@pytest.mark.parametrize(
    ("name", "content"),
    [("word/embeddings/inner.zip", b"PK\x03\x04rest"), ("word/media/inner.bin", b"PK\x03\x04rest"),
     ("word/media/inner.gz", b"anything"), ("word/media/x.bin", b"\x1f\x8b\x08\x00rest")],
)  # fmt: skip
def test_nested_archives_are_refused(name, content):
    assert refusal("plan.docx", docx((name, content))) == [NESTED]


def test_an_ordinary_document_with_media_passes():
    checked = check_upload(SimpleUploadedFile("plan.docx", docx(("word/media/image1.png", PNG), ("word/styles.xml", b"<w:styles/>" * 500))))
    assert checked.mime_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.pdf", b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"),
        ("page.png", PNG[:16] + b"<!DOCTYPE html><script>alert(1)</script>" + PNG[16:]),
        ("page.jpg", JPEG[:-2] + b"<html><script>alert(1)</script></html>" + JPEG[-2:]),
        ("cut.pdf", PDF.replace(b"%%EOF", b"")),
        ("cut.png", PNG[:-12]),
        ("cut.jpg", JPEG[:-2] + b"<p>"),
    ],
)
def test_a_body_that_disagrees_with_its_header_is_refused(name, content):
    assert refusal(name, content) == [NOT_ALLOWED]

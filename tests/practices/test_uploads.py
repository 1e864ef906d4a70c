"""Attachments: type sniffed from the content, extension must agree, size limit, drafts' files stay private."""

import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from municipalities.models import AuditEntry
from practices.models import Attachment

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def office_file(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if kind == "odt":
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            archive.writestr("content.xml", "<office:document-content/>")
        else:
            part = {"docx": "wordprocessingml.document.main+xml", "xlsx": "spreadsheetml.sheet.main+xml"}[kind]
            archive.writestr("[Content_Types].xml", f'<Types><Override ContentType="application/vnd.openxmlformats-officedocument.{part}"/></Types>')
            archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return buffer.getvalue()


def upload(client, item, name: str, content: bytes, content_type: str = "application/octet-stream"):
    return client.post(
        f"/api/v1/practices/{item.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content, content_type=content_type), "title": "ანგარიში"},
        format="multipart",
    )


@pytest.mark.parametrize(
    ("name", "content", "mime_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        ("photo.JPG", JPEG, "image/jpeg"),
        ("plan.docx", office_file("docx"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("budget.xlsx", office_file("xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("strategy.odt", office_file("odt"), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_allowed_types_are_stored_under_a_random_key(editor_client, draft_practice, name, content, mime_type):
    response = upload(editor_client, draft_practice, name, content)
    assert response.status_code == 201, response.content
    attachment = Attachment.objects.get()
    assert (attachment.mime_type, attachment.original_name, attachment.size) == (mime_type, name, len(content))
    assert name not in attachment.file.name
    assert AuditEntry.objects.filter(action="content.attachment_added", target_id=str(draft_practice.pk)).count() == 1


def test_a_file_whose_extension_lies_is_refused(editor_client, draft_practice):
    response = upload(editor_client, draft_practice, "report.pdf", PNG, content_type="application/pdf")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "file": ["ფაილის სახელის გაფართოება (.pdf) არ შეესაბამება მის შინაარსს (.png)."]
    }
    assert not Attachment.objects.exists()


def test_a_disallowed_type_is_refused_whatever_its_name(editor_client, draft_practice):
    response = upload(editor_client, draft_practice, "page.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "file": ["ფაილის ეს ტიპი დაშვებული არ არის. ატვირთეთ PDF, DOCX, XLSX, ODT, PNG ან JPEG ფაილი."]
    }


def test_a_plain_zip_is_not_an_office_document(editor_client, draft_practice):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert upload(editor_client, draft_practice, "archive.docx", buffer.getvalue()).status_code == 400


def test_an_oversized_file_is_refused(editor_client, draft_practice, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    response = upload(editor_client, draft_practice, "big.pdf", PDF + b"0" * 2048)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["file"] == ["ფაილი ძალიან დიდია (2.0\xa0კბ); ლიმიტია 1.0\xa0კბ."]
    assert not Attachment.objects.exists()


def test_a_drafts_attachment_is_served_only_to_the_owners_members(client, member, editor_client, draft_practice, settings):
    upload(editor_client, draft_practice, "report.pdf", PDF)
    attachment = Attachment.objects.get()
    url = reverse("attachment-download", args=[attachment.pk])
    assert client.get(url).status_code == 404
    # The file is not under MEDIA_ROOT, so no public media URL leads to it.
    assert not attachment.file.path.startswith(str(settings.MEDIA_ROOT))
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_a_published_items_attachment_is_public(client, editor_client, published_practice):
    upload(editor_client, published_practice, "report.pdf", PDF)
    attachment = Attachment.objects.get()
    assert client.get(reverse("attachment-download", args=[attachment.pk])).status_code == 200


def test_removing_an_attachment_deletes_the_file_after_commit(editor_client, draft_practice, django_capture_on_commit_callbacks):
    upload(editor_client, draft_practice, "report.pdf", PDF)
    attachment = Attachment.objects.get()
    path = attachment.file.path
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.delete(f"/api/v1/practices/{draft_practice.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 204
    assert not Attachment.objects.exists()
    assert not os.path.exists(path)

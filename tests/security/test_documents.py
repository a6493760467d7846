"""Candidates' documents: checked by content and size, stored privately under random names, downloaded only by
those who may see them (platform staff of the candidate's platform; an employer once the identity is revealed)."""

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from candidates.documents import document_check, document_delete, document_store
from candidates.enums import DocumentKind
from candidates.models import CandidateDocument, PersonalDataAccess
from matching.enums import PresentationStatus
from tests.candidates.factories import CandidateFactory
from tests.matching.presentation_world import presentation_in
from tests.security.conftest import PDF
from tests.security.pages import form_data

pytestmark = pytest.mark.django_db

Status = PresentationStatus
MAX_BYTES = 5 * 1024 * 1024
RANDOM_NAME = re.compile(r"[A-Za-z0-9_-]{43}")


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return buffer.getvalue()


def docm() -> bytes:
    buffer = io.BytesIO(docx())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("word/vbaProject.bin", b"Attribute VB_Name = AutoOpen")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GOOD_FILES = {
    "pdf": ("cv.pdf", PDF, "application/pdf", "cv.pdf"),
    "png": ("photo.PNG", PNG, "image/png", "photo.png"),
    "jpeg": ("diplôme.jpeg", JPEG, "image/jpeg", "diplôme.jpg"),
    "docx": ("lettre.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", None),
    "pdf named .exe": ("C:\\Users\\moi\\cv.exe", PDF, "application/pdf", "cv.pdf"),
}
BAD_FILES = {
    "html named .pdf": ("cv.pdf", b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"),
    "svg named .png": ("photo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    "exe named .pdf": ("cv.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00This program"),
    "elf named .docx": ("cv.docx", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 32),
    "zip named .docx": ("cv.docx", plain_zip()),
    "word with macros named .docx": ("cv.docx", docm()),
    "text named .pdf": ("cv.pdf", b"Curriculum vitae de Sami Lefebvre"),
    "broken zip named .docx": ("cv.docx", b"PK\x03\x04 not really a zip"),
}
TYPE_REFUSED = "This file is not a PDF, PNG, JPEG or Word (DOCX) document"


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(root: Path) -> list[Path]:
    return sorted(root.iterdir()) if root.exists() else []


def store(world, name: str, content: bytes) -> CandidateDocument:
    return document_store(
        candidate=world.candidate, uploaded_file=upload(name, content), kind=DocumentKind.CV, by=None
    )


def refusal(world, name: str, content: bytes) -> ValidationError:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        store(world, name, content)
    return refused.value


def content_of(response) -> bytes:
    return b"".join(response.streaming_content)


# Storing


@pytest.mark.parametrize("case", GOOD_FILES)
def test_a_good_file_is_stored_privately_under_a_random_name(world, private_media, case):
    name, content, content_type, download_name = GOOD_FILES[case]

    document = store(world, name, content)

    path = private_media / document.stored_name
    assert RANDOM_NAME.fullmatch(document.stored_name)
    assert path.suffix == ""
    assert path.read_bytes() == content
    assert path.stat().st_mode & 0o077 == 0
    for public in (settings.STATIC_ROOT, settings.MEDIA_ROOT):
        assert not path.resolve().is_relative_to(Path(public).resolve())
    assert document.content_type == content_type
    assert document.size == len(content)
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.original_name == (download_name or name)


def test_two_uploads_of_one_file_get_two_random_names(world):
    first, second = store(world, "cv.pdf", PDF), store(world, "cv.pdf", PDF)
    assert first.stored_name != second.stored_name
    assert world.document.stored_name not in (first.stored_name, second.stored_name)


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_file_whose_content_is_not_accepted_is_refused_whatever_its_name(world, private_media, case):
    before = stored_files(private_media)
    name, content = BAD_FILES[case]

    error = refusal(world, name, content)

    assert error.code == "type_refused"
    assert TYPE_REFUSED in error.messages[0]
    assert stored_files(private_media) == before
    assert CandidateDocument.objects.count() == 1


def test_a_file_of_more_than_five_megabytes_is_refused(world, private_media):
    before = stored_files(private_media)
    error = refusal(world, "cv.pdf", PDF + b"0" * (MAX_BYTES - len(PDF) + 1))
    assert error.code == "too_large"
    assert error.messages == ["The file weighs 5.0 MB: the limit is 5 MB."]
    assert stored_files(private_media) == before


def test_a_file_of_exactly_five_megabytes_is_kept(world):
    document = store(world, "cv.pdf", PDF + b"0" * (MAX_BYTES - len(PDF)))
    assert document.size == MAX_BYTES


def test_an_empty_file_is_refused(world):
    assert refusal(world, "cv.pdf", b"").messages == ["The file is empty."]


@pytest.mark.parametrize("public", ["MEDIA_ROOT", "STATIC_ROOT"])
def test_the_private_folder_may_not_lie_in_a_public_one(world, settings, tmp_path, public):
    setattr(settings, public, tmp_path / "public")
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "public" / "documents"
    with pytest.raises(ImproperlyConfigured):
        store(world, "cv.pdf", PDF)


def test_deleting_a_document_removes_its_file_after_commit(world, private_media, django_capture_on_commit_callbacks):
    path = private_media / world.document.stored_name
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(document=world.document, by=world.superuser)
    assert not path.exists()
    assert not CandidateDocument.objects.exists()


# The admin's inline on the candidate's page


def post_with_upload(client, world, name: str, content: bytes):
    url = reverse("admin:candidates_candidate_change", args=[world.candidate.pk])
    client.force_login(world.advisor)
    data = form_data(client.get(url))
    new = data["documents-INITIAL_FORMS"][0]  # the first empty row, after the stored documents
    data |= {f"documents-{new}-kind": ["certificate"], f"documents-{new}-file": [upload(name, content)]}
    return client.post(url, data)


def test_staff_upload_a_document_from_the_candidates_page(client, world):
    response = post_with_upload(client, world, "diplome.pdf", PDF)

    assert response.status_code == 302
    document = CandidateDocument.objects.exclude(pk=world.document.pk).get()
    assert (document.candidate, document.kind, document.uploaded_by) == (world.candidate, "certificate", world.advisor)
    page = client.get(reverse("admin:candidates_candidate_change", args=[world.candidate.pk])).content.decode()
    assert reverse("staff:document_download", args=[document.pk]) in page
    assert document.stored_name not in page


def test_the_admin_refuses_a_renamed_page_with_the_reason(client, world, private_media):
    before = stored_files(private_media)
    page = b"<html><body onload='steal()'></body></html>"
    with translation.override(settings.LANGUAGE_CODE), pytest.raises(ValidationError) as refused:
        document_check(uploaded_file=upload("cv.pdf", page))

    response = post_with_upload(client, world, "cv.pdf", page)

    assert response.status_code == 200
    assert escape(refused.value.messages[0]) in response.content.decode()
    assert CandidateDocument.objects.count() == 1
    assert stored_files(private_media) == before


# Downloading


def test_platform_staff_download_the_file_as_an_attachment(client, world):
    client.force_login(world.advisor)

    response = client.get(reverse("staff:document_download", args=[world.document.pk]))

    assert response.status_code == 200
    assert content_of(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="cv.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "sandbox" in response["Content-Security-Policy"]
    access = PersonalDataAccess.objects.filter(actor=world.advisor, action=PersonalDataAccess.Action.VIEWED).get()
    assert (access.candidate_id, access.fields) == (world.candidate.pk, ["documents"])


@pytest.mark.parametrize(("who", "expected"), [("other_advisor", 404), ("member", 404), ("superuser", 200)])
def test_the_staff_download_is_not_found_outside_the_candidates_platform(client, world, who, expected):
    client.force_login(getattr(world, who))
    response = client.get(reverse("staff:document_download", args=[world.document.pk]))
    assert response.status_code == expected


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    for url in (
        reverse("staff:document_download", args=[world.document.pk]),
        reverse("portal:presentation_document_download", args=[world.presentation.pk, world.document.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response.url


def portal_download(client, user, presentation, document):
    client.force_login(user)
    return client.get(reverse("portal:presentation_document_download", args=[presentation.pk, document.pk]))


def reveal(presentation, status=Status.INTERVIEW_SCHEDULED, **fields):
    type(presentation).objects.filter(pk=presentation.pk).update(status=status, **fields)
    presentation.refresh_from_db()


def test_the_employer_gets_the_document_only_once_the_identity_is_revealed(client, world):
    assert portal_download(client, world.member, world.presentation, world.document).status_code == 404

    reveal(world.presentation, Status.INTERVIEW_REQUESTED)
    assert portal_download(client, world.member, world.presentation, world.document).status_code == 404

    reveal(world.presentation, Status.INTERVIEW_REQUESTED, interview_accepted_at=timezone.now())
    response = portal_download(client, world.member, world.presentation, world.document)
    assert response.status_code == 200
    assert content_of(response) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"

    reveal(world.presentation, Status.INTERVIEW_SCHEDULED)
    assert portal_download(client, world.member, world.presentation, world.document).status_code == 200
    assert PersonalDataAccess.objects.filter(actor=world.member, fields=["documents"]).count() == 2

    # A decline by the employer hides the candidate again.
    reveal(world.presentation, Status.DECLINED_BY_EMPLOYER, reason="Le poste est pourvu.", closed_at=timezone.now())
    assert portal_download(client, world.member, world.presentation, world.document).status_code == 404


def test_no_other_employer_or_other_candidate_document_is_found(client, world):
    reveal(world.presentation)
    assert portal_download(client, world.other_member, world.presentation, world.document).status_code == 404
    assert portal_download(client, world.advisor, world.presentation, world.document).status_code == 404

    # A revealed presentation does not open another candidate's document.
    stranger = CandidateFactory(platform=world.platform)
    foreign = document_store(candidate=stranger, uploaded_file=upload("cv.pdf", PDF), kind=DocumentKind.CV, by=None)
    assert portal_download(client, world.member, world.presentation, foreign).status_code == 404
    other_presentation = presentation_in(Status.PRESENTED, need=world.need)
    assert portal_download(client, world.member, other_presentation, world.document).status_code == 404


def test_a_document_whose_file_is_gone_is_not_found(client, world, private_media):
    (private_media / world.document.stored_name).unlink()
    client.force_login(world.advisor)
    assert client.get(reverse("staff:document_download", args=[world.document.pk])).status_code == 404


def test_a_superuser_deletes_a_document_and_its_file_from_the_candidates_page(
    client, world, private_media, django_capture_on_commit_callbacks
):
    url = reverse("admin:candidates_candidate_change", args=[world.candidate.pk])
    client.force_login(world.superuser)
    data = form_data(client.get(url)) | {"documents-0-DELETE": ["on"]}
    path = private_media / world.document.stored_name

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    assert response.status_code == 302
    assert not CandidateDocument.objects.exists()
    assert not path.exists()

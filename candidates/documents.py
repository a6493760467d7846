"""Documents kept with a candidate's profile (a CV, a diploma): checks, private storage, scoped reads, download.

A file is accepted only when its content is a PDF, a PNG, a JPEG or a Word document (DOCX), whatever its name says,
and when it weighs at most ``CANDIDATE_DOCUMENT_MAX_BYTES`` (5 MB). It is stored in ``PRIVATE_MEDIA_ROOT``, a folder
that is neither the static nor the media folder and that no web server serves, under a random name without an
extension (``secrets.token_urlsafe(32)``): the name tells nothing about the person or the type. Only the download
views read it back, after checking who asks (``document_for_staff``, and the portal's view for employers once the
candidate's identity is revealed to them), and every download is recorded in the personal-data access log.
"""

import hashlib
import os
import secrets
import zipfile
from pathlib import Path, PurePath
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.access import is_platform_staff
from accounts.models import User
from candidates.audit import personal_data_access_record
from candidates.models import Candidate, CandidateDocument, PersonalDataAccess

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx"}
# What a file of each type starts with. A DOCX is a ZIP archive: its entries are checked too.
SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
ZIP_SIGNATURE = b"PK\x03\x04"
DOCX_ENTRIES = frozenset({"[Content_Types].xml", "word/document.xml"})
MACROS_ENTRY = "word/vbaProject.bin"
CHUNK_BYTES = 64 * 1024
# What every download carries besides the file: no type sniffing, no caching, and no script even if opened inline.
DOWNLOAD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


def private_media_root() -> Path:
    """The folder of the documents; refused when it lies inside a folder the web server may publish."""
    root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    public = [settings.STATIC_ROOT, settings.MEDIA_ROOT, *getattr(settings, "STATICFILES_DIRS", [])]
    for folder in public:
        if folder and root.is_relative_to(Path(folder).resolve()):
            raise ImproperlyConfigured(
                f"PRIVATE_MEDIA_ROOT ({root}) must not be inside a public folder ({folder}): "
                "candidates' documents would be served without any check."
            )
    return root


def document_type_detect(uploaded_file: BinaryIO) -> str | None:
    """The content type of the file from its content (its first bytes, a DOCX's entries), or None when not accepted.

    The name and the type the browser announced are never read: a page or a program renamed ``cv.pdf`` is refused.
    """
    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head.startswith(ZIP_SIGNATURE):
        try:
            with zipfile.ZipFile(uploaded_file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            uploaded_file.seek(0)
        # A document with macros (a .docm renamed) is refused: its code would run on the reader's computer.
        if names >= DOCX_ENTRIES and MACROS_ENTRY not in names:
            return DOCX
    return None


def document_check(*, uploaded_file: UploadedFile) -> str:
    """Check an upload's size and content; return its content type, or raise a ``ValidationError`` that says why."""
    max_bytes = settings.CANDIDATE_DOCUMENT_MAX_BYTES
    if not uploaded_file.size:
        raise ValidationError(_("The file is empty."), code="empty")
    if uploaded_file.size > max_bytes:
        raise ValidationError(
            _("The file weighs %(size).1f MB: the limit is %(limit)d MB.")
            % {"size": uploaded_file.size / 1024 / 1024, "limit": max_bytes // 1024 // 1024},
            code="too_large",
        )
    content_type = document_type_detect(uploaded_file)
    if content_type is None:
        raise ValidationError(
            _(
                "This file is not a PDF, PNG, JPEG or Word (DOCX) document: its content was checked, whatever its "
                "name. Web pages, SVG images, programs, documents with macros and other files are refused."
            ),
            code="type_refused",
        )
    return content_type


def _original_name(name: str | None, content_type: str) -> str:
    """The file's own name without any folder, at most 200 characters, ending with the extension of its real type."""
    stem = PurePath((name or "").replace("\\", "/")).stem.strip() or "document"
    extension = EXTENSIONS[content_type]
    return stem[: 200 - len(extension)] + extension


def _write(uploaded_file: UploadedFile, path: Path) -> tuple[int, str]:
    """Write the file, readable by its owner only; return its size and SHA-256."""
    digest = hashlib.sha256()
    size = 0
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as target:
        uploaded_file.seek(0)
        for chunk in uploaded_file.chunks(CHUNK_BYTES):
            size += len(chunk)
            if size > settings.CANDIDATE_DOCUMENT_MAX_BYTES:
                raise ValidationError(_("The file is larger than announced."), code="too_large")
            digest.update(chunk)
            target.write(chunk)
    return size, digest.hexdigest()


@transaction.atomic
def document_store(
    *, candidate: Candidate, uploaded_file: UploadedFile, kind: str, by: User | None
) -> CandidateDocument:
    """Check an upload and keep it with the candidate's profile; raise ``ValidationError`` when it is refused.

    The file is written under a random name in ``PRIVATE_MEDIA_ROOT`` before its row is saved; when the row cannot
    be saved the file is removed again.
    """
    content_type = document_check(uploaded_file=uploaded_file)
    root = private_media_root()
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    stored_name = secrets.token_urlsafe(32)
    path = root / stored_name
    try:
        size, sha256 = _write(uploaded_file, path)
        document = CandidateDocument.objects.create(
            candidate=candidate,
            kind=kind,
            original_name=_original_name(uploaded_file.name, content_type),
            stored_name=stored_name,
            content_type=content_type,
            size=size,
            sha256=sha256,
            uploaded_by=by if by is not None and by.is_authenticated else None,
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    personal_data_access_record(
        actor=by, candidate_ids=[candidate.pk], action=PersonalDataAccess.Action.CHANGED, fields=["documents"]
    )
    return document


@transaction.atomic
def document_delete(*, document: CandidateDocument, by: User | None) -> None:
    """Delete a document's row, and its file once the deletion is committed."""
    path = private_media_root() / document.stored_name
    candidate_id = document.candidate_id
    document.delete()
    personal_data_access_record(
        actor=by, candidate_ids=[candidate_id], action=PersonalDataAccess.Action.CHANGED, fields=["documents"]
    )
    transaction.on_commit(lambda: path.unlink(missing_ok=True))


def document_for_staff(
    *, user: User, document_id: int, also_candidates: QuerySet[Candidate] | None = None
) -> CandidateDocument:
    """A document of a candidate of the user's platforms (any, for a superuser), or of ``also_candidates`` (those
    another platform handed off to the user's, which the caller decides); anything else is not found."""
    if not is_platform_staff(user):
        raise Http404
    documents = CandidateDocument.objects.for_platform_staff(user)
    if also_candidates is not None:
        documents = documents | CandidateDocument.objects.filter(candidate__in=also_candidates)
    document: CandidateDocument = get_object_or_404(documents, pk=document_id)
    return document


def document_of_candidate(*, candidate_id: int, document_id: int) -> CandidateDocument:
    """A document of this candidate; the caller has checked that the user may see the candidate's documents."""
    document: CandidateDocument = get_object_or_404(CandidateDocument, pk=document_id, candidate_id=candidate_id)
    return document


def document_list_for_candidate(*, candidate_id: int) -> list[CandidateDocument]:
    """The candidate's documents, newest first; the caller has checked that the user may see them."""
    return list(
        CandidateDocument.objects.filter(candidate_id=candidate_id)
        .only("pk", "candidate_id", "kind", "original_name", "size", "uploaded_at")
        .order_by("-uploaded_at", "-pk")
    )


def document_download_response(*, document: CandidateDocument, by: User) -> FileResponse:
    """The file as an attachment with its detected type, recorded in the personal-data access log.

    A row whose file is missing is not found (404) rather than a server error.
    """
    path = private_media_root() / document.stored_name
    try:
        handle = path.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    for header, value in DOWNLOAD_HEADERS.items():
        response[header] = value
    personal_data_access_record(
        actor=by, candidate_ids=[document.candidate_id], action=PersonalDataAccess.Action.VIEWED, fields=["documents"]
    )
    return response

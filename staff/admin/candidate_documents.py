"""Candidates' documents in the staff admin: an inline of the candidate's page to upload, list and download them.

Uploading goes through ``candidates.documents.document_store`` (size and type checked by content, private storage
under a random name), deleting through ``document_delete``. A document is downloaded from the staff workspace
(``staff:document_download``), which checks the platform again; the admin never links to a file on disk.
"""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from candidates.documents import EXTENSIONS, document_check, document_delete, document_store
from candidates.models import CandidateDocument


class CandidateDocumentForm(forms.ModelForm):
    """A new document: its kind and its file. A stored document is only shown (and deleted by those who may)."""

    file = forms.FileField(
        label=_("file"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ",".join([*EXTENSIONS.values(), ".jpeg"])}),
        help_text=_("PDF, PNG, JPEG or Word (DOCX), 5 MB at most."),
    )

    class Meta:
        model = CandidateDocument
        fields = ["kind"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for field in self.fields.values():
                field.disabled = True

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is not None and not self.instance.pk:
            document_check(uploaded_file=uploaded)
        return uploaded

    def has_changed(self) -> bool:
        # An empty row is left alone unless a file was chosen (a kind alone uploads nothing).
        return not self.instance.pk and "file" in self.changed_data


class CandidateDocumentFormSet(BaseInlineFormSet):
    """Saves through the documents' services; ``uploaded_by`` is set per request by the inline."""

    uploaded_by = None

    def save_new(self, form: CandidateDocumentForm, commit: bool = True) -> CandidateDocument:
        return document_store(
            candidate=self.instance,
            uploaded_file=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            by=self.uploaded_by,
        )

    def delete_existing(self, obj: CandidateDocument, commit: bool = True) -> None:
        if commit:
            document_delete(document=obj, by=self.uploaded_by)


class CandidateDocumentInline(admin.TabularInline):
    model = CandidateDocument
    form = CandidateDocumentForm
    formset = CandidateDocumentFormSet
    extra = 1
    fields = ["download", "kind", "file", "content_type", "size_in_kilobytes", "uploaded_by", "uploaded_at"]
    readonly_fields = ["download", "content_type", "size_in_kilobytes", "uploaded_by", "uploaded_at"]
    verbose_name_plural = _("documents (CV, diplomas)")

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("uploaded_by")

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"uploaded_by": request.user})

    @admin.display(description=_("document"))
    def download(self, document: CandidateDocument) -> str:
        if not document.pk:
            return "—"
        url = reverse("staff:document_download", args=[document.pk])
        return format_html('<a href="{}">{}</a>', url, document.original_name)

    @admin.display(description=_("size (KB)"))
    def size_in_kilobytes(self, document: CandidateDocument) -> str:
        return f"{document.size / 1024:.0f}" if document.pk else "—"

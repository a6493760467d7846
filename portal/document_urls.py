"""URLs of a presented candidate's documents (``portal:`` names): a download, once the identity is revealed."""

from django.urls import URLPattern, path

from portal import document_views

urlpatterns: list[URLPattern] = [
    path(
        "presentations/<int:presentation_id>/documents/<int:document_id>/",
        document_views.presentation_document_download,
        name="presentation_document_download",
    ),
]

"""URLs of an employer member's home and of the export of their presentations (``portal:`` names)."""

from django.urls import URLPattern, path

from portal import overview_views

urlpatterns: list[URLPattern] = [
    path("overview/", overview_views.overview, name="overview"),
    path("overview/<slug:code>/", overview_views.overview_list, name="overview_list"),
    path(
        "exports/presentations/<slug:file_format>/",
        overview_views.presentations_export,
        name="presentations_export",
    ),
]

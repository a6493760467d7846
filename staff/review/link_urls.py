"""URLs of the review page's secure links (``staff:`` names, under ``/staff/needs/``)."""

from django.urls import URLPattern, path

from staff.review import link_views

urlpatterns: list[URLPattern] = [
    path(
        "<int:need_id>/presentations/<int:presentation_id>/link/",
        link_views.presentation_link_send,
        name="need_review_link_send",
    ),
    path(
        "<int:need_id>/links/<int:link_id>/revoke/",
        link_views.presentation_link_revoke,
        name="need_review_link_revoke",
    ),
]

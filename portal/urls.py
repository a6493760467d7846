"""URLs of the employer portal (mounted at ``/portal/`` under the language prefix).

Each area keeps its own list: needs here, accounts and team in ``access_urls``, answers to presentations in
``answer_urls``, a member.s own API tokens in ``token_urls``, the documents a candidate shared in
``document_urls``, a need's sourcing check in ``sourcing_urls``, a need's messages in ``thread_urls``, the public
page of a candidate's secure link in ``link_urls``, a member's home and the export of their presentations in
``overview_urls``. They share the ``portal`` namespace.
"""

from django.urls import include, path

from portal import need_views, views

app_name = "portal"

urlpatterns = [
    path("needs/", views.need_list, name="need_list"),
    path("needs/new/", need_views.need_create, name="need_create"),
    path("needs/<int:need_id>/", views.need_detail, name="need_detail"),
    path("needs/<int:need_id>/progress/", views.need_progress, name="need_progress"),
    path("needs/<int:need_id>/edit/<slug:step>/", need_views.need_edit, name="need_edit"),
    path("needs/<int:need_id>/publish/", need_views.need_publish, name="need_publish"),
    path("needs/<int:need_id>/pause/", need_views.need_pause, name="need_pause"),
    path("needs/<int:need_id>/close/", need_views.need_close, name="need_close"),
    path("needs/<int:need_id>/duplicate/", need_views.need_duplicate, name="need_duplicate"),
    path("search/occupations/", need_views.occupation_search, name="occupation_search"),
    path("search/places/", need_views.place_search, name="place_search"),
    path("", include("portal.access_urls")),
    path("", include("portal.sourcing_urls")),
    path("", include("portal.answer_urls")),
    path("", include("portal.token_urls")),
    path("", include("portal.document_urls")),
    path("", include("portal.cohort_urls")),
    path("", include("portal.link_urls")),
    path("", include("portal.overview_urls")),
    path("", include("portal.thread_urls")),
    path("", include("portal.job_dating_urls")),
]

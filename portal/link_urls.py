"""URL of the page a candidate's secure link opens (``portal:`` names): public, the token is the only key."""

from django.urls import URLPattern, path

from portal import link_views

urlpatterns: list[URLPattern] = [
    path("l/<str:token>/", link_views.candidate_link_page, name="candidate_link"),
    path(
        "l/<str:token>/interview.ics",
        link_views.candidate_link_interview_calendar,
        name="candidate_link_interview_calendar",
    ),
]

"""URLs of the employer's answers to presented candidates, and of their e-mail settings (``portal:`` names).

A presented candidate's page is ``presentations/<id>/``; each step is a POST to one of its sub-paths.
"""

from django.urls import URLPattern, path

from portal import answer_views, assessment_views, bulk_answer_views

urlpatterns: list[URLPattern] = [
    path("presentations/<int:presentation_id>/", answer_views.presentation_detail, name="presentation_detail"),
    path(
        "presentations/<int:presentation_id>/interview-request/",
        answer_views.presentation_interview_request_view,
        name="presentation_interview_request",
    ),
    path(
        "presentations/<int:presentation_id>/decline/",
        answer_views.presentation_decline_view,
        name="presentation_decline",
    ),
    path(
        "presentations/<int:presentation_id>/slots/",
        answer_views.interview_slots_propose_view,
        name="presentation_slots_propose",
    ),
    path(
        "presentations/<int:presentation_id>/slots/confirm/",
        answer_views.interview_slot_confirm_view,
        name="presentation_slot_confirm",
    ),
    path("presentations/<int:presentation_id>/hire/", answer_views.presentation_hire_view, name="presentation_hire"),
    path(
        "presentations/<int:presentation_id>/no-hire/",
        answer_views.presentation_no_hire_view,
        name="presentation_no_hire",
    ),
    path("needs/<int:need_id>/answers/", bulk_answer_views.need_bulk_answer, name="need_bulk_answer"),
    path(
        "presentations/<int:presentation_id>/assessment/",
        assessment_views.interview_assessment,
        name="presentation_assessment",
    ),
    path("settings/notices/", answer_views.notice_settings, name="notice_settings"),
]

"""URLs of the review pages, under the staff workspace's ``needs/`` (``staff:`` names).

Link to a need's review page with ``{% url 'staff:need_review' need.pk %}``.
"""

from django.urls import URLPattern, path

from staff.review import views

urlpatterns: list[URLPattern] = [
    path("<int:need_id>/", views.need_review, name="need_review"),
    path("<int:need_id>/recompute/", views.suggestions_recompute, name="need_review_recompute"),
    path(
        "<int:need_id>/candidates/<int:candidate_id>/shortlist/",
        views.candidate_shortlist,
        name="need_review_shortlist",
    ),
    path(
        "<int:need_id>/suggestions/<int:suggestion_id>/hand-off/",
        views.candidate_hand_off_request,
        name="need_review_hand_off_request",
    ),
    path("<int:need_id>/present/", views.presentations_present, name="need_review_present"),
    path(
        "<int:need_id>/presentations/<int:presentation_id>/answer/",
        views.presentation_answer,
        name="need_review_answer",
    ),
    path(
        "<int:need_id>/presentations/<int:presentation_id>/interview-request/",
        views.presentation_interview_request,
        name="need_review_interview_request",
    ),
    path(
        "<int:need_id>/presentations/<int:presentation_id>/interview-schedule/",
        views.presentation_interview_schedule,
        name="need_review_interview_schedule",
    ),
    path(
        "<int:need_id>/presentations/<int:presentation_id>/interview-accept/",
        views.presentation_interview_accept_record,
        name="need_review_interview_accept",
    ),
    path(
        "<int:need_id>/presentations/<int:presentation_id>/slots/<int:slot_id>/confirm/",
        views.interview_slot_confirm_record,
        name="need_review_slot_confirm",
    ),
    path(
        "<int:need_id>/presentations/<int:presentation_id>/hire/",
        views.presentation_hire_record,
        name="need_review_hire",
    ),
    path(
        "<int:need_id>/presentations/<int:presentation_id>/end/",
        views.presentation_end,
        name="need_review_end",
    ),
]

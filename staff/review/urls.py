"""URLs of the review pages, under the staff workspace's ``needs/`` (``staff:`` names).

Link to a need's review page with ``{% url 'staff:need_review' need.pk %}``.
"""

from django.urls import URLPattern, path

from staff.review import cohort_views, views, wave_views

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
    path("<int:need_id>/cohorts/", cohort_views.cohort_create_view, name="need_review_cohort_create"),
    path("<int:need_id>/cohorts/<int:cohort_id>/", cohort_views.cohort_update_view, name="need_review_cohort_update"),
    path(
        "<int:need_id>/cohorts/<int:cohort_id>/status/",
        cohort_views.cohort_status_view,
        name="need_review_cohort_status",
    ),
    path(
        "<int:need_id>/cohorts/<int:cohort_id>/enrol/",
        cohort_views.cohort_enrol_view,
        name="need_review_cohort_enrol",
    ),
    path(
        "<int:need_id>/cohorts/<int:cohort_id>/trainees/<int:enrolment_id>/attendance/",
        cohort_views.enrolment_attendance_view,
        name="need_review_trainee_attendance",
    ),
    path(
        "<int:need_id>/cohorts/<int:cohort_id>/trainees/<int:enrolment_id>/complete/",
        cohort_views.enrolment_complete_view,
        name="need_review_trainee_complete",
    ),
    path(
        "<int:need_id>/cohorts/<int:cohort_id>/trainees/<int:enrolment_id>/drop-out/",
        cohort_views.enrolment_drop_out_view,
        name="need_review_trainee_drop_out",
    ),
    path("<int:need_id>/waves/move/", wave_views.presentation_wave_change, name="need_review_wave_move"),
    path("<int:need_id>/waves/keep/", wave_views.presentation_keep_for_later, name="need_review_keep_for_later"),
]

"""URLs of the job-centre staff workspace (pages the admin does not fit: a need's review, the hand-offs
between platforms, partners' proposals, the dashboard, the user's e-mail settings)."""

from django.urls import include, path

from staff import settings_views
from staff.candidate_search import views as candidate_search_views
from staff.review import document_views, hand_off_views
from staff.todo import stale_need_views
from staff.todo import views as todo_views

app_name = "staff"

urlpatterns: list = [
    path("", todo_views.todo, name="todo"),
    path("needs/", include("staff.review.urls")),
    path("needs/", include("staff.review.link_urls")),
    path("needs/", include("staff.review.sourcing_urls")),
    path("needs/", include("staff.board.urls")),
    path("needs/", include("staff.review.thread_urls")),
    path("", include("staff.review.undo_urls")),
    path("dashboard/", include("staff.dashboard.urls")),
    path("reports/", include("staff.reports.urls")),
    path("job-datings/", include("staff.job_dating.urls")),
    path("sessions/", include("staff.sessions.urls")),
    path("intake/", include("staff.intake.urls")),
    path("referrals/", include("staff.referrals.urls")),
    path("candidates/search/", candidate_search_views.candidate_search, name="candidate_search"),
    path("hand-offs/", hand_off_views.hand_off_list, name="hand_off_list"),
    path("hand-offs/<int:hand_off_id>/accept/", hand_off_views.hand_off_accept_record, name="hand_off_accept"),
    path("hand-offs/<int:hand_off_id>/decline/", hand_off_views.hand_off_decline_record, name="hand_off_decline"),
    path("documents/<int:document_id>/", document_views.document_download, name="document_download"),
    path("stale-needs/<int:need_id>/still-open/", stale_need_views.stale_need_confirm, name="stale_need_confirm"),
    path("stale-needs/<int:need_id>/close/", stale_need_views.stale_need_close_record, name="stale_need_close"),
    path("settings/notices/", settings_views.notice_settings, name="notice_settings"),
]

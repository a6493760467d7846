"""URLs of the portal's account pages: landing, access request, team and invitations (namespace ``portal``)."""

from django.urls import path

from portal import access_views

urlpatterns = [
    path("", access_views.home, name="home"),
    path("access/", access_views.access_request, name="access_request"),
    path("team/", access_views.team, name="team"),
    path("team/invitations/<int:invitation_id>/revoke/", access_views.invitation_revoke, name="invitation_revoke"),
    # The link's token follows a "#": browsers never send it, the page posts it (employer_access.invitation_link).
    path("invitations/", access_views.invitation_accept, name="invitation_accept"),
]

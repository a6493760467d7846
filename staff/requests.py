"""The request type of the staff workspace's views."""

from django.http import HttpRequest

from accounts.models import User


class StaffRequest(HttpRequest):
    """A request behind ``login_required``: its user is signed in."""

    user: User

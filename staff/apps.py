"""The staff workspace: its pages, and the admin's application with its site (staff/admin_site.py)."""

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class TremplinAdminConfig(AdminConfig):
    default_site = "staff.admin_site.TremplinAdminSite"


class StaffConfig(AppConfig):
    """The staff workspace: review pages, hand-offs, the dashboard, and the admin's registrations (``staff.admin``)."""

    name = "staff"
    verbose_name = _("Staff workspace")

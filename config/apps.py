"""The admin's application, with the staff workspace's site (config/admin_site.py) as ``admin.site``."""

from django.contrib.admin.apps import AdminConfig


class TremplinAdminConfig(AdminConfig):
    default_site = "config.admin_site.TremplinAdminSite"

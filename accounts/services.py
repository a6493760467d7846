"""Writes on accounts: the permissions that platform staff hold in the staff workspace."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

PLATFORM_STAFF_GROUP = "Platform staff"
# Staff keep candidate and employer data; accounts are only read (a superuser grants roles). Reference data
# (communes and their coordinates, occupations, skills, languages, certifications) is shared by every platform and
# changes what every platform's matching computes: staff read it, a superuser or the loaders change it.
PLATFORM_STAFF_ACTIONS = {
    "candidates": ("view", "add", "change"),
    "employers": ("view", "add", "change"),
    "referentials": ("view",),
    "matching": ("view",),
    "accounts": ("view",),
}
# Models whose actions differ from their app's.
PLATFORM_STAFF_MODEL_ACTIONS = {
    # Each staff member keeps their own API tokens (their admin shows a user their own only).
    "accounts.apitoken": ("view", "add", "change"),
}
SENSITIVE_PERMISSION = "view_sensitive_situation_data"


def platform_staff_group_ensure() -> Group:
    """The "Platform staff" group, with exactly the permissions above and the sensitive-data permission."""
    group, _created = Group.objects.get_or_create(name=PLATFORM_STAFF_GROUP)
    allowed = Q(content_type__app_label="candidates", codename=SENSITIVE_PERMISSION)
    for label, actions in PLATFORM_STAFF_ACTIONS.items():
        codenames = [
            f"{action}_{model._meta.model_name}"
            for model in apps.get_app_config(label).get_models()
            for action in PLATFORM_STAFF_MODEL_ACTIONS.get(model._meta.label_lower, actions)
        ]
        allowed |= Q(content_type__app_label=label, codename__in=codenames)
    group.permissions.set(Permission.objects.filter(allowed))
    return group

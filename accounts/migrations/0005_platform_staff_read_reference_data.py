"""Platform staff keep only the view permission on reference data (``accounts.services.PLATFORM_STAFF_ACTIONS``).

The "Platform staff" group is set up by ``platform_staff_group_ensure``, not by a migration: an existing database's
group still holds the add, change and delete permissions on the referentials it was given before. They go here.
"""

from django.db import migrations

GROUP = "Platform staff"


def reference_data_read_only(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    writes = Permission.objects.filter(content_type__app_label="referentials").exclude(codename__startswith="view_")
    group.permissions.remove(*writes)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_mfa_secrets_encrypted"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("referentials", "0002_commune_name_trigram_index"),
    ]

    # Going back gives nothing back: a superuser grants write access to reference data explicitly.
    operations = [migrations.RunPython(reference_data_read_only, migrations.RunPython.noop)]

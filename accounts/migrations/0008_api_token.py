"""API tokens move from the ``api`` app to ``accounts``: a user's credential belongs below every front door.

The table is renamed, its rows kept; the content type follows, so that the permissions granted on tokens and the
admin's log entries about them stay attached. ``api`` 0003 then forgets the model.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def content_type_to(app_label_from: str, app_label_to: str):
    def move(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
        content_types.filter(app_label=app_label_from, model="apitoken").update(app_label=app_label_to)

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_presentation_notices_to_notifications"),
        ("api", "0002_staff_tokens_expire"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ApiToken",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "name",
                            models.CharField(
                                help_text="What the token is for, such as “HR software”.",
                                max_length=100,
                                verbose_name="name",
                            ),
                        ),
                        (
                            "key_hash",
                            models.CharField(editable=False, max_length=64, unique=True, verbose_name="key hash"),
                        ),
                        (
                            "prefix",
                            models.CharField(
                                editable=False,
                                help_text="The first characters of the key, to recognise it.",
                                max_length=8,
                                verbose_name="prefix",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, editable=False, verbose_name="created at"
                            ),
                        ),
                        (
                            "last_used_at",
                            models.DateTimeField(blank=True, editable=False, null=True, verbose_name="last used at"),
                        ),
                        ("expires_at", models.DateTimeField(blank=True, null=True, verbose_name="expires at")),
                        (
                            "revoked_at",
                            models.DateTimeField(blank=True, editable=False, null=True, verbose_name="revoked at"),
                        ),
                        (
                            "for_staff",
                            models.BooleanField(
                                default=False,
                                editable=False,
                                help_text="Created by a staff member, after a two-factor check: it expires within 90 days.",
                                verbose_name="staff token",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="api_tokens",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "API token",
                        "verbose_name_plural": "API tokens",
                        "ordering": ["-created_at", "-pk"],
                        "db_table": "api_apitoken",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("key_hash__regex", "^[0-9a-f]{64}$")),
                                name="api_token_key_hash_sha256",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("for_staff", False), ("expires_at__isnull", False), _connector="OR"),
                                name="api_token_staff_expires",
                                violation_error_message="A staff token has an expiry date.",
                            ),
                        ],
                    },
                ),
            ],
        ),
        # The table takes the app's name; its rows, constraints and indexes stay as they are.
        migrations.AlterModelTable(name="apitoken", table=None),
        migrations.RunPython(content_type_to("api", "accounts"), content_type_to("accounts", "api")),
    ]

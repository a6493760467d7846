"""The notices and the tasks to send, taken over from the matching app (matching 0011 renamed their tables)."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("matching", "0011_notices_move_to_notifications")]

    operations = [
        # The tables were renamed by matching 0011: only the state is created here.
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="TaskToSend",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("task_name", models.CharField(max_length=200, verbose_name="task")),
                        ("arguments", models.JSONField(default=list, verbose_name="arguments")),
                        (
                            "created_at",
                            models.DateTimeField(
                                db_index=True, default=django.utils.timezone.now, verbose_name="created at"
                            ),
                        ),
                        ("attempts", models.PositiveIntegerField(default=0, verbose_name="attempts")),
                    ],
                    options={
                        "verbose_name": "task to send",
                        "verbose_name_plural": "tasks to send",
                        "ordering": ["pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Notice",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("key", models.CharField(max_length=200, unique=True, verbose_name="key")),
                        ("recipient", models.EmailField(max_length=254, verbose_name="recipient")),
                        ("subject", models.CharField(blank=True, max_length=400, verbose_name="subject")),
                        ("body", models.TextField(blank=True, verbose_name="body")),
                        (
                            "sent_at",
                            models.DateTimeField(
                                blank=True, default=django.utils.timezone.now, null=True, verbose_name="sent at"
                            ),
                        ),
                        ("attempts", models.PositiveIntegerField(default=0, verbose_name="attempts")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                        (
                            "next_attempt_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="next attempt at"),
                        ),
                    ],
                    options={
                        "verbose_name": "notice",
                        "verbose_name_plural": "notices",
                        "ordering": ["-sent_at"],
                        "indexes": [
                            models.Index(
                                condition=models.Q(("sent_at__isnull", True)),
                                fields=["next_attempt_at"],
                                name="notice_unsent_due_idx",
                            )
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("sent_at__isnull", False), ("next_attempt_at__isnull", False), _connector="OR"
                                ),
                                name="notice_sent_or_due",
                                violation_error_message="A notice not sent yet needs the time of its next attempt.",
                            )
                        ],
                    },
                ),
            ],
        )
    ]

"""Staff tokens expire within 90 days: existing tokens of staff accounts are marked as such and, when they had no
expiry or a later one, expire 90 days after this migration (their owners make new ones, with the two-factor check)."""

import datetime

from django.conf import settings
from django.db import migrations, models
from django.db.models import Q
from django.utils import timezone

STAFF_TOKEN_LIFETIME = datetime.timedelta(days=90)  # api.services.STAFF_TOKEN_LIFETIME when this was written


def staff_tokens_expire(apps, schema_editor):
    ApiToken = apps.get_model("api", "ApiToken")
    staff = Q(user__is_staff=True) | Q(user__is_superuser=True) | Q(user__memberships__role__in=["advisor", "manager"])
    ids = list(ApiToken.objects.filter(staff).values_list("pk", flat=True).distinct())
    latest = timezone.now() + STAFF_TOKEN_LIFETIME
    # Dated and marked in one step, so that no row is ever a staff token without an expiry.
    ApiToken.objects.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=latest), pk__in=ids).update(
        expires_at=latest, for_staff=True
    )
    ApiToken.objects.filter(pk__in=ids).update(for_staff=True)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("accounts", "0005_platform_staff_read_reference_data"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="for_staff",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Created by a staff member, after a two-factor check: it expires within 90 days.",
                verbose_name="staff token",
            ),
        ),
        migrations.RunPython(staff_tokens_expire, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="apitoken",
            constraint=models.CheckConstraint(
                condition=models.Q(("for_staff", False), ("expires_at__isnull", False), _connector="OR"),
                name="api_token_staff_expires",
                violation_error_message="A staff token has an expiry date.",
            ),
        ),
    ]

"""Each user's ``presentation_notices`` (accounts) becomes their ``NoticePreference`` of the kind "presentation".

Only choices other than the default ("each") need a row: without one, a user hears of the kind at its default. The
field itself is removed by accounts 0007, which runs after this.
"""

from django.db import migrations

DEFAULT = "each"


def carry_over(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    NoticePreference = apps.get_model("notifications", "NoticePreference")
    NoticePreference.objects.bulk_create(
        [
            NoticePreference(user_id=user_id, kind="presentation", frequency=frequency)
            for user_id, frequency in User.objects.exclude(presentation_notices=DEFAULT).values_list(
                "pk", "presentation_notices"
            )
        ],
        ignore_conflicts=True,
    )


def carry_back(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    NoticePreference = apps.get_model("notifications", "NoticePreference")
    for user_id, frequency in NoticePreference.objects.filter(kind="presentation").values_list("user_id", "frequency"):
        User.objects.filter(pk=user_id).update(presentation_notices=frequency)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_notice_html_and_preferences"), ("accounts", "0003_employer_access")]

    operations = [migrations.RunPython(carry_over, carry_back)]

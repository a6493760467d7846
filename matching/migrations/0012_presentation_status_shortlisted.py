"""A presentation put on a need's shortlist is stored as "shortlisted", no longer "proposed": "proposed" now only
means the allocation's pick (``MatchSuggestion.is_proposed``). Existing presentations and their history follow."""

from django.db import migrations, models

STATUS_CHOICES = [
    ("shortlisted", "Shortlisted"),
    ("presented", "Presented"),
    ("interview_requested", "Interview requested"),
    ("interview_scheduled", "Interview scheduled"),
    ("hired", "Hired"),
    ("not_hired", "Not hired"),
    ("withdrawn", "Withdrawn"),
    ("declined_by_employer", "Declined by the employer"),
    ("declined_by_candidate", "Declined by the candidate"),
]


def _rename(apps, old: str, new: str) -> None:
    Presentation = apps.get_model("matching", "Presentation")
    PresentationTransition = apps.get_model("matching", "PresentationTransition")
    Presentation.objects.filter(status=old).update(status=new)
    PresentationTransition.objects.filter(from_status=old).update(from_status=new)
    PresentationTransition.objects.filter(to_status=old).update(to_status=new)


def to_shortlisted(apps, schema_editor) -> None:
    _rename(apps, "proposed", "shortlisted")


def to_proposed(apps, schema_editor) -> None:
    _rename(apps, "shortlisted", "proposed")


class Migration(migrations.Migration):
    dependencies = [("matching", "0011_notices_move_to_notifications")]

    operations = [
        migrations.AlterField(
            model_name="presentation",
            name="status",
            field=models.CharField(
                choices=STATUS_CHOICES, default="shortlisted", max_length=24, verbose_name="status"
            ),
        ),
        migrations.AlterField(
            model_name="presentationtransition",
            name="from_status",
            field=models.CharField(blank=True, choices=STATUS_CHOICES, max_length=24, verbose_name="from"),
        ),
        migrations.AlterField(
            model_name="presentationtransition",
            name="to_status",
            field=models.CharField(choices=STATUS_CHOICES, max_length=24, verbose_name="to"),
        ),
        migrations.RunPython(to_shortlisted, to_proposed),
    ]

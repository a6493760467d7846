"""The e-mail notices and the tasks promised after a commit belong to the notifications app from now on: their tables
are renamed to it and the models leave the matching app's state (``notifications`` 0001 takes them over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("matching", "0010_interview_slot_place_single_line")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="notice", table="notifications_notice"),
                migrations.AlterModelTable(name="tasktosend", table="notifications_tasktosend"),
            ],
            state_operations=[
                migrations.DeleteModel(name="Notice"),
                migrations.DeleteModel(name="TaskToSend"),
            ],
        )
    ]

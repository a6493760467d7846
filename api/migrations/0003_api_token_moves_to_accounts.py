"""API tokens are ``accounts.ApiToken`` now (``accounts`` 0008 took the table and its rows): ``api`` forgets them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_staff_tokens_expire"),
        ("accounts", "0008_api_token"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="ApiToken")]),
    ]

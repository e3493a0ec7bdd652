# The journey event log moved to the journey app (docs/adr/0002-journey-app.md). Only Django's state changes:
# the tables keep their names and their rows; journey.0001_initial takes them over.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('participants', '0011_merge_0010_caseload_order_indexes_0010_version'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='EventVoid'),
                migrations.DeleteModel(name='JourneyEvent'),
            ],
            database_operations=[],
        ),
    ]

"""Existing members enrolled by phone: their number counts as verified when they enrolled."""

from django.db import migrations


def backfill(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    ContactState = apps.get_model("contacts", "ContactState")
    batch = []
    members = Member.objects.filter(status="active", phone__isnull=False)
    for member_id, enrolled_at in members.values_list("pk", "enrolled_at").iterator():
        batch.append(
            ContactState(member_id=member_id, channel="phone", last_verified_at=enrolled_at)
        )
        if len(batch) >= 1000:
            ContactState.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    ContactState.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0001_contact_states"),
        ("members", "0003_consent_records"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

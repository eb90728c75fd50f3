"""Remember every phone number enrolled so far (keyed hash), so members who left before this
app existed cannot rejoin as referred newcomers. Same hash as referrals.services.phone_hash;
data migrations do not import app code."""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations


def backfill(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    KnownPhone = apps.get_model("referrals", "KnownPhone")
    key = settings.SECRET_KEY.encode()
    batch = []
    for phone, enrolled_at in (
        Member.objects.filter(phone__isnull=False).values_list("phone", "enrolled_at").iterator()
    ):
        digest = hmac.new(key, f"referrals.known_phone:{phone}".encode(), hashlib.sha256)
        batch.append(KnownPhone(phone_hash=digest.hexdigest(), first_seen_at=enrolled_at))
        if len(batch) >= 1000:
            KnownPhone.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    KnownPhone.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0001_referrals"),
        ("members", "0003_consent_records"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

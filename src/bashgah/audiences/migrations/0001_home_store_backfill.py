"""Members who bought before ``MemberStats.last_store`` existed get the store of their latest
purchase; window figures and scores are filled by the first ``audiences_recompute``."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    MemberStats = apps.get_model("members", "MemberStats")
    Purchase = apps.get_model("purchases", "Purchase")
    latest = Purchase.objects.filter(member_id=OuterRef("member_id")).order_by("-paid_at", "-pk")
    MemberStats.objects.filter(last_purchase_at__isnull=False, last_store__isnull=True).update(
        last_store_id=Subquery(latest.values("store_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0004_segment_stats"),
        ("purchases", "0002_settlement"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]

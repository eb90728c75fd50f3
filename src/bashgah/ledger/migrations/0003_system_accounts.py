from django.db import migrations

SYSTEM_ACCOUNTS = ("issued", "redeemed", "expired", "adjusted")


def create(apps, schema_editor):
    Account = apps.get_model("ledger", "Account")
    for name in SYSTEM_ACCOUNTS:
        Account.objects.get_or_create(code=f"system:{name}", defaults={"kind": "system"})


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_postgres_ledger_triggers")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]

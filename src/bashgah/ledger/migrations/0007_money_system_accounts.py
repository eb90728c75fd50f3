from django.db import migrations

ACCOUNTS = {
    "converted": "system",
    "wallet_cashback": "system_money",
    "wallet_converted": "system_money",
    "wallet_spent": "system_money",
    "wallet_adjusted": "system_money",
    "giftcard_sold": "system_money",
    "giftcard_spent": "system_money",
    "giftcard_expired": "system_money",
}


def create(apps, schema_editor):
    Account = apps.get_model("ledger", "Account")
    for name, kind in ACCOUNTS.items():
        Account.objects.get_or_create(code=f"system:{name}", defaults={"kind": kind})


class Migration(migrations.Migration):
    dependencies = [("ledger", "0006_postgres_balance_per_asset")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]

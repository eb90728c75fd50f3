"""The per-asset balance check looks each entry's account up by primary key instead of joining
the accounts table: with a join, a database without fresh statistics (autovacuum off, or just
after a bulk load) could scan every account for every entry."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION ledger_check_balanced() RETURNS trigger AS $$
DECLARE
    points_total bigint := 0;
    money_total bigint := 0;
    entry record;
    account_kind text;
BEGIN
    FOR entry IN SELECT account_id, amount FROM ledger_entry
                 WHERE transaction_id = NEW.transaction_id LOOP
        SELECT kind INTO account_kind FROM ledger_account WHERE id = entry.account_id;
        IF account_kind IN ('member_wallet', 'wallet_debt', 'gift_card', 'system_money') THEN
            money_total := money_total + entry.amount;
        ELSE
            points_total := points_total + entry.amount;
        END IF;
    END LOOP;
    IF points_total <> 0 OR money_total <> 0 THEN
        RAISE EXCEPTION 'ledger transaction % is unbalanced by % points and % money',
            NEW.transaction_id, points_total, money_total
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0007_money_system_accounts")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]

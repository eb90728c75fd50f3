"""The deferred balance check, per asset: a transaction may move points and money at once (a
conversion), and each must sum to zero on its own."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION ledger_check_balanced() RETURNS trigger AS $$
DECLARE
    points_total bigint;
    money_total bigint;
BEGIN
    SELECT
        COALESCE(SUM(e.amount) FILTER (WHERE a.kind NOT IN
            ('member_wallet', 'wallet_debt', 'gift_card', 'system_money')), 0),
        COALESCE(SUM(e.amount) FILTER (WHERE a.kind IN
            ('member_wallet', 'wallet_debt', 'gift_card', 'system_money')), 0)
    INTO points_total, money_total
    FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id
    WHERE e.transaction_id = NEW.transaction_id;
    IF points_total <> 0 OR money_total <> 0 THEN
        RAISE EXCEPTION 'ledger transaction % is unbalanced by % points and % money',
            NEW.transaction_id, points_total, money_total
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

BACKWARD = """
CREATE OR REPLACE FUNCTION ledger_check_balanced() RETURNS trigger AS $$
DECLARE
    total bigint;
BEGIN
    SELECT COALESCE(SUM(amount), 0) INTO total FROM ledger_entry
        WHERE transaction_id = NEW.transaction_id;
    IF total <> 0 THEN
        RAISE EXCEPTION 'ledger transaction % is unbalanced by %', NEW.transaction_id, total
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0005_money_asset")]
    operations = [migrations.RunPython(forward, backward)]

"""The operator's commands and the refusal to run insecurely."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from bashgah.api.keys import api_key_check
from bashgah.cli import main
from bashgah.core.security import assert_secure_settings
from bashgah.ledger.models import Account, Transaction
from bashgah.ledger.services import points_credit

pytestmark = pytest.mark.django_db


def test_ledger_verify_passes_then_fails_on_tampering(member, capsys):
    points_credit(member=member, points=10, kind=Transaction.Kind.EARN)
    assert main(["ledger", "verify"]) == 0
    assert "ledger verify: OK" in capsys.readouterr().out
    Account.objects.filter(member=member, kind="member_points").update(balance=11)
    assert main(["ledger", "verify"]) == 1
    out = capsys.readouterr().out
    assert "MISMATCH cached balance" in out and "1 problem" in out


def test_create_api_key_prints_a_working_key_once(store, capsys):
    assert main(["create-api-key", "--store", store.code, "--name", "till-9"]) == 0
    plain = capsys.readouterr().out.strip().splitlines()[-1]
    key = api_key_check(plain)
    assert key is not None and key.store == store and key.scope == "pos"
    assert plain not in key.key_hash


def test_create_api_key_for_unknown_store_fails_with_one_line(db, capsys):
    assert main(["create-api-key", "--store", "nowhere", "--name", "x"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("bashgah: ") and err.endswith("(store: nowhere)")
    assert "\n" not in err and "Traceback" not in err


def test_tier_review_command(member, tiers, capsys):
    assert main(["tier-review"]) == 0
    assert "reviewed 1" in capsys.readouterr().out


def test_refuses_to_start_with_debug_off_and_default_secret(settings):
    from bashgah.settings import INSECURE_SECRET_KEY

    settings.DEBUG = False
    settings.SECRET_KEY = INSECURE_SECRET_KEY
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        assert_secure_settings()
    settings.SECRET_KEY = "x" * 50
    settings.ALLOWED_HOSTS = ["*"]
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS"):
        assert_secure_settings()
    settings.ALLOWED_HOSTS = ["club.example.com"]
    assert_secure_settings()
    settings.DEBUG = True
    settings.SECRET_KEY = INSECURE_SECRET_KEY
    assert_secure_settings()


def test_wsgi_refuses_insecure_start(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    env["BASHGAH_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", "import bashgah.wsgi"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Refusing to start" in result.stderr

"""Generating 100,000 coupon codes into PostgreSQL (``python -m bench.run codes``).

Creates its own database (``BENCH_DATABASE_URL`` with the name replaced by
``bashgah_bench_codes``), migrates it, makes a single-use campaign and times
``coupons_generate(count=100_000)``: random codes with check characters, written with COPY.
Runs in a subprocess so its Django settings never mix with another benchmark's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

TARGET = "Generating 100,000 single-use coupon codes into PostgreSQL takes under 6 seconds."
COUNT = int(os.environ.get("BENCH_CODES_COUNT", "100000"))
LIMIT_SECONDS = 6.0
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bashgah_bench_codes")


def _database_url() -> str:
    base, _, _name = URL.rpartition("/")
    return f"{base}/bashgah_bench_codes"


def _phase() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from bashgah.rewards.models import Coupon
    from bashgah.rewards.services.coupons import coupon_campaign_create, coupons_generate

    campaign = coupon_campaign_create(
        name="bench", kind="single_use", benefit="fixed_discount", value=100_000
    )
    started = time.perf_counter()
    created = coupons_generate(campaign=campaign, count=COUNT)
    seconds = time.perf_counter() - started
    stored = Coupon.objects.filter(campaign=campaign).count()
    print(json.dumps({"created": created, "stored": stored, "seconds": seconds}))


def main() -> dict:
    url = _database_url()
    admin = url.rsplit("/", 1)[0] + "/postgres?options=-c%20client_min_messages%3Dwarning"
    subprocess.run(
        ["psql", admin, "-qc", "DROP DATABASE IF EXISTS bashgah_bench_codes"], check=True
    )
    subprocess.run(["psql", admin, "-qc", "CREATE DATABASE bashgah_bench_codes"], check=True)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bashgah.settings"}
    output = subprocess.run(
        [sys.executable, "-m", "bench.bench_codes", "phase"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    rate = figures["created"] / figures["seconds"]
    passed = figures["stored"] == COUNT and figures["seconds"] < LIMIT_SECONDS * COUNT / 100_000
    return {
        "passed": passed,
        "summary": (
            f"{figures['created']:,} codes in {figures['seconds']:.2f} s "
            f"({rate:,.0f} codes/s); target under {LIMIT_SECONDS:.0f} s per 100,000"
        ),
        **figures,
        "codes_per_second": round(rate),
    }


if __name__ == "__main__":
    if sys.argv[1:] == ["phase"]:
        _phase()
    else:
        print(main())

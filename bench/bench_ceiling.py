"""How fast can the earn loop's pure part alone go? The ceiling that DESIGN.md's principle 4
(rules are data, evaluated by one pure Python function shared by accrual, history and the
simulator) puts under any import or API, before a single row is written.

Evaluates the demo club's eight rules on three-line baskets, in one process, with nothing else
running in it, and compares the rate (times the machine's cores, as if every core did only
this) with COPY's rate from ``bench/results/import.json`` (run ``python -m bench.run import``
first) and issue 2's import target of 20 % of COPY. No database is needed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

TARGET = (
    "a measurement, not a target: the pure rule evaluator's rate on all cores against 20 % of "
    "COPY (issue 2's import target)"
)


def _specs() -> list[Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bashgah.settings")
    os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
    django.setup()
    from bashgah.demo import data
    from bashgah.rules import schemas
    from bashgah.rules.evaluator import RuleSpec

    specs = []
    for number, rule in enumerate(data.RULES, start=1):
        params = schemas.RULE_PARAMS.validate_python({**rule["params"], "type": rule["type"]})
        labels = schemas.Labels.model_validate(rule.get("labels") or {})
        specs.append(
            RuleSpec(
                id=number,
                params=params,
                labels=labels,
                label_texts=labels.model_dump(),
                priority=rule.get("priority", 0),
                is_stackable=rule.get("is_stackable", True),
            )
        )
    return specs


def main() -> dict[str, Any]:
    specs = _specs()
    from bashgah.rules.evaluator import Line, MemberFacts, PurchaseContext, evaluate_purchase

    rng = random.Random(7)
    categories = ["dairy", "bakery", "drinks", "produce"]
    contexts = [
        PurchaseContext(
            lines=[
                Line(
                    sku=f"sku{rng.randrange(500)}",
                    category=rng.choice(categories),
                    quantity=rng.randint(1, 3),
                    unit_price=rng.randrange(20_000, 900_000, 1000),
                )
                for _ in range(3)
            ],
            local_time=dt.datetime(2026, 11, rng.randint(1, 28), rng.randint(8, 21), tzinfo=dt.UTC),
            member=MemberFacts(
                tier_code="silver",
                tier_multiplier=Decimal("1.25"),
                purchases_before=rng.randrange(30),
                birth_date=dt.date(1990, rng.randint(1, 12), 10),
            ),
        )
        for _ in range(2000)
    ]
    rounds = 10
    started = time.process_time()
    for _ in range(rounds):
        for context in contexts:
            evaluate_purchase(context, specs)
    seconds = time.process_time() - started
    per_core = rounds * len(contexts) / seconds
    cores = os.cpu_count() or 1
    ceiling = per_core * cores
    copy_rate = None
    stored = Path(__file__).resolve().parent / "results" / "import.json"
    if stored.exists():
        copy_rate = json.loads(stored.read_text()).get("copy_rows_per_second")
    target = 0.2 * copy_rate if copy_rate else None
    summary = f"evaluator alone: {per_core:,.0f} purchases/s per core, {ceiling:,.0f}/s on {cores}"
    if target:
        summary += f"; 20 % of COPY is {target:,.0f} rows/s: ceiling = {ceiling / target:.0%} of it"
    return {
        "passed": True,
        "summary": summary,
        "per_core": round(per_core),
        "cores": cores,
        "ceiling": round(ceiling),
        "copy_rows_per_second": copy_rate,
    }

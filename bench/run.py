"""Run the benchmarks: ``make bench`` (all) or ``python -m bench.run api import`` (some).

Each ``bench/bench_<name>.py`` has ``TARGET`` (a sentence) and ``main() -> dict``; the dict has
at least ``"passed": bool`` and ``"summary": str``. Results land in ``bench/results/<name>.json``.
Benchmarks need PostgreSQL (``BENCH_DATABASE_URL``, default the local server) and are never part
of the test run.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def available() -> list[str]:
    return sorted(path.stem.removeprefix("bench_") for path in HERE.glob("bench_*.py"))


def main(argv: list[str]) -> int:
    names = argv or available()
    RESULTS.mkdir(exist_ok=True)
    failed = []
    for name in names:
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"== {name}: {module.TARGET}", flush=True)
        started = time.monotonic()
        result = module.main()
        result["seconds"] = round(time.monotonic() - started, 1)
        (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
        verdict = "PASS" if result["passed"] else "MISS"
        print(f"== {name}: {verdict}: {result['summary']}", flush=True)
        if not result["passed"]:
            failed.append(name)
    print(f"benchmarks: {len(names) - len(failed)} met their target, {len(failed)} missed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

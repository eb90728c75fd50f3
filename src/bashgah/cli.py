"""``bashgah``: the one command operators and integrators use.

bashgah demo                 set up an SQLite demo club and serve it on 127.0.0.1:8000
bashgah serve                serve in production (gunicorn); refuses insecure settings
bashgah migrate              create or update the database tables
bashgah import-purchases F   import purchases from a CSV file (re-runs import nothing twice)
bashgah create-api-key       create an API key for a store (shown once)
bashgah ledger verify        check every balance and transaction against the ledger
bashgah tier-review          run the periodic tier review (downgrades after grace)
bashgah daily                the daily jobs: expiry, expiry warnings, tier review
bashgah contacts-report      phones and emails by time since last verified, and stale ones
bashgah worker               run the background schedule in-process (embedded in the demo);
                             --celery [--beat]: a Celery worker (production, needs a broker)
bashgah jobs [run NAME]      the background schedule with each job's last run; run one now
bashgah lottery verify ID    recompute a drawn lottery from its published data (or --json FILE)
bashgah manage ...           any Django management command
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path


def _setup(*, debug_default: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bashgah.settings")
    if debug_default:
        os.environ.setdefault("DEBUG", "1")
    import django

    from bashgah.core.i18n import compile_messages

    compile_messages()
    django.setup()
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def _migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def cmd_demo(args: argparse.Namespace) -> int:
    _setup(debug_default=True)
    from django.conf import settings
    from django.core.management import call_command

    from bashgah.demo import demo_credentials, load_demo

    db = settings.DATABASES["default"]["NAME"]
    if args.reset and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    print("Preparing the database …", flush=True)
    _migrate()
    load_demo(progress=True)
    credentials = demo_credentials()
    url = f"http://{args.host}:{args.port}"
    print(
        f"""
Bashgah demo club is ready: {url}
  API docs:        {url}/api/docs
  Admin:           {url}/admin/   user: {credentials.username}   password: {credentials.password}
  API key (till):  {credentials.api_key}
  Try:  curl -s -H "Authorization: Bearer {credentials.api_key}" {url}/api/v1/members/1/points
""",
        flush=True,
    )
    if args.no_serve:
        return 0
    start_embedded_worker()
    call_command("runserver", f"{args.host}:{args.port}", use_reloader=False, use_threading=True)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _setup()
    from bashgah.core.security import assert_secure_settings

    assert_secure_settings()
    if args.migrate:
        _migrate(verbosity=1)
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "bashgah.wsgi:application",
        "--bind",
        args.bind,
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--access-logfile",
        "-",
    ]
    run()
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    _setup()
    _migrate(verbosity=1)
    return 0


def cmd_import_purchases(args: argparse.Namespace) -> int:
    _setup()
    from bashgah.purchases.imports import import_purchases_csv

    options = {"batch_size": args.batch_size} if args.batch_size else {}
    summary = import_purchases_csv(
        Path(args.file),
        source=args.source,
        progress=not args.quiet,
        workers=args.workers,
        **options,
    )
    print(summary.report())
    return 0 if not summary.errors or args.allow_errors else 1


def cmd_create_api_key(args: argparse.Namespace) -> int:
    _setup()
    from bashgah.api.keys import api_key_create
    from bashgah.stores.selectors import store_by_code

    key, plain = api_key_create(
        name=args.name, store=store_by_code(code=args.store), scope=args.scope
    )
    print(f"API key {key.name} for store {key.store.code} ({key.scope}). Shown once; keep it:")
    print(plain)
    return 0


def cmd_ledger(args: argparse.Namespace) -> int:
    _setup()
    from bashgah.ledger.selectors import ledger_verify, system_balances

    problems = ledger_verify()
    for problem in problems:
        print(f"MISMATCH {problem}")
    if problems:
        print(f"ledger verify: {len(problems)} problem(s)")
        return 1
    balances = ", ".join(f"{name} {total}" for name, total in sorted(system_balances().items()))
    print(f"ledger verify: OK ({balances or 'empty ledger'})")
    return 0


def cmd_tier_review(args: argparse.Namespace) -> int:
    _setup()
    from bashgah.tiers.services import tier_review

    summary = tier_review()
    print(
        f"reviewed {summary.reviewed}, upgraded {summary.upgraded}, "
        f"downgraded {summary.downgraded}, "
        f"grace started {summary.grace_started}, granted tiers ended {summary.manual_ended}"
    )
    return 0


def cmd_contacts_report(args: argparse.Namespace) -> int:
    _setup()
    from bashgah.contacts.selectors import BUCKETS, contacts_report

    report = contacts_report()
    print(f"{'channel':<8}" + "".join(f"{bucket:>10}" for bucket in BUCKETS))
    for channel, counts in report.rows():
        print(f"{channel:<8}" + "".join(f"{count:>10}" for count in counts))
    return 0


def cmd_daily(args: argparse.Namespace) -> int:
    _setup()
    from bashgah.jobs import run_daily

    print(run_daily().report())
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """The embedded worker by default; ``--celery`` for a Celery worker on the broker."""
    _setup()
    if args.celery:
        return _celery_worker(args)
    import signal
    import threading

    from bashgah.tasks.embedded import run_embedded
    from bashgah.tasks.schedule import SCHEDULE

    names = [name.strip() for name in args.only.split(",")] if args.only else None
    if names is not None and not _known_jobs(names):
        return 2
    jobs = tuple(job for job in SCHEDULE if names is None or job.name in names)
    stop = threading.Event()

    def finish(_signal: int, _frame: object) -> None:
        if stop.is_set():  # asked twice: stop now
            raise KeyboardInterrupt
        print("bashgah worker: stopping after the job in progress", flush=True)
        stop.set()

    signal.signal(signal.SIGTERM, finish)
    signal.signal(signal.SIGINT, finish)
    running = ", ".join(job.name for job in jobs)
    print(f"bashgah worker: running {running} in this process (Ctrl-C to stop)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        run_embedded(stop=stop, jobs=jobs)
    return 0


def _known_jobs(names: list[str]) -> bool:
    from bashgah.tasks.schedule import SCHEDULE

    known = [job.name for job in SCHEDULE]
    unknown = [name for name in names if name not in known]
    if unknown:
        print(f"bashgah: no job {', '.join(unknown)}; jobs: {', '.join(known)}", file=sys.stderr)
    return not unknown


def _celery_worker(args: argparse.Namespace) -> int:
    from django.conf import settings

    if not settings.CELERY_BROKER_URL:
        print("bashgah worker --celery: set CELERY_BROKER_URL or REDIS_URL", file=sys.stderr)
        return 2
    from bashgah.tasks.app import app

    argv = ["worker", "--loglevel", "INFO", "--concurrency", str(args.concurrency)]
    if args.beat:
        argv.append("--beat")
    app.worker_main(argv)
    return 0


def cmd_jobs(args: argparse.Namespace) -> int:
    _setup()
    from bashgah.tasks.runner import job_run, jobs_status

    if args.action == "run":
        if not _known_jobs([args.name or ""]):
            return 2
        outcome = job_run(args.name)
        print(f"{outcome.job}: {outcome.status} {outcome.result}".rstrip())
        return 1 if outcome.status == "failed" else 0
    for status in jobs_status():
        state = status.state
        last = state.last_finished_at if state and state.last_finished_at else None
        print(
            f"{status.job.name:<28} {status.job.describe():<17} "
            + ("" if status.installed else "(not installed) ")
            + f"last run: {last.isoformat(timespec='seconds') if last else 'never'}"
        )
        if state and state.last_error:
            print(f"{'':<29}failing ({state.failures}x): {state.last_error[:200]}")
        elif state and state.last_result:
            print(f"{'':<29}{state.last_result[:200]}")
    return 0


def cmd_lottery(args: argparse.Namespace) -> int:
    """Check a finished draw: the seed against the commitment, the entry list against its hash,
    and the winners against the draw algorithm. Exit 1 on any mismatch."""
    import json

    if args.json:
        from bashgah.lotteries.draw import verify_published

        problems = verify_published(json.loads(Path(args.json).read_text(encoding="utf-8")))
        label = args.json
    else:
        _setup()
        from bashgah.lotteries.selectors import lottery_verify
        from bashgah.lotteries.services import lottery_get

        problems = lottery_verify(lottery=lottery_get(lottery_id=int(args.lottery_id)))
        label = f"lottery {args.lottery_id}"
    for problem in problems:
        print(f"MISMATCH {problem}")
    print(f"lottery verify: {label}: " + ("FAILED" if problems else "OK"))
    return 1 if problems else 0


def start_embedded_worker() -> None:
    """The demo's in-process worker: the whole background schedule in a daemon thread."""
    import threading

    from django.db import connection

    from bashgah.tasks.embedded import run_embedded

    def work() -> None:
        try:
            run_embedded(stop=threading.Event())
        finally:
            connection.close()

    threading.Thread(target=work, name="bashgah-worker", daemon=True).start()


def cmd_manage(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["bashgah manage", *args.rest])
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="bashgah", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = root.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="set up and serve the demo club (SQLite)")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", default=8000, type=int)
    demo.add_argument("--reset", action="store_true", help="start from an empty database")
    demo.add_argument("--no-serve", action="store_true", help="set up only")
    demo.set_defaults(func=cmd_demo)

    serve = commands.add_parser("serve", help="serve with gunicorn (production)")
    serve.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
    serve.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
    serve.add_argument("--migrate", action="store_true", help="migrate before serving")
    serve.set_defaults(func=cmd_serve)

    commands.add_parser("migrate", help="create or update tables").set_defaults(func=cmd_migrate)

    imp = commands.add_parser("import-purchases", help="import purchases from CSV")
    imp.add_argument("file")
    imp.add_argument("--source", default="csv", help="namespace of external ids (default csv)")
    imp.add_argument("--quiet", action="store_true", help="no progress bar")
    imp.add_argument(
        "--workers",
        type=int,
        default=None,
        help="parallel worker processes on PostgreSQL (default: by CPU count)",
    )
    imp.add_argument(
        "--batch-size", type=int, default=None, help="purchases per database transaction"
    )
    imp.add_argument(
        "--allow-errors", action="store_true", help="exit 0 even when some rows were rejected"
    )
    imp.set_defaults(func=cmd_import_purchases)

    key = commands.add_parser("create-api-key", help="create an API key for a store")
    key.add_argument("--store", required=True, help="store code")
    key.add_argument("--name", required=True)
    key.add_argument("--scope", choices=["pos", "staff"], default="pos")
    key.set_defaults(func=cmd_create_api_key)

    ledger = commands.add_parser("ledger", help="ledger tools")
    ledger.add_argument("action", choices=["verify"])
    ledger.set_defaults(func=cmd_ledger)

    commands.add_parser("tier-review", help="run the tier review").set_defaults(
        func=cmd_tier_review
    )

    commands.add_parser(
        "daily", help="expire points, vouchers and gift cards; send expiry warnings; tier review"
    ).set_defaults(func=cmd_daily)

    commands.add_parser(
        "contacts-report", help="members' phones and emails by time since last verified"
    ).set_defaults(func=cmd_contacts_report)

    worker = commands.add_parser(
        "worker", help="run the background jobs (outbox, messages, webhooks, campaigns, nightly)"
    )
    worker.add_argument("--only", help="comma-separated job names (default: the whole schedule)")
    worker.add_argument("--celery", action="store_true", help="a Celery worker (needs a broker)")
    worker.add_argument("--beat", action="store_true", help="with --celery: also run beat")
    worker.add_argument("--concurrency", type=int, default=2, help="with --celery: processes")
    worker.set_defaults(func=cmd_worker)

    jobs = commands.add_parser("jobs", help="the background schedule and each job's last run")
    jobs.add_argument("action", nargs="?", choices=["list", "run"], default="list")
    jobs.add_argument("name", nargs="?", help="with run: the job to run now")
    jobs.set_defaults(func=cmd_jobs)

    lottery = commands.add_parser("lottery", help="lottery tools")
    lottery.add_argument("action", choices=["verify"])
    lottery.add_argument("lottery_id", nargs="?", help="the lottery's id")
    lottery.add_argument("--json", help="verify a published JSON file instead (no database)")
    lottery.set_defaults(func=cmd_lottery)

    manage = commands.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except Exception as error:
        from bashgah.core.errors import ApplicationError

        if not isinstance(error, ApplicationError):
            raise
        details = "; ".join(f"{key}: {value}" for key, value in error.details.items())
        print(f"bashgah: {error.message}" + (f" ({details})" if details else ""), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

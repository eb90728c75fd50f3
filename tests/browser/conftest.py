"""Real-browser tests: Playwright driving Debian's Chromium (``apt-get install chromium``).

Playwright never downloads a browser here: it launches the system's Chromium, at
``/usr/bin/chromium`` or ``$BASHGAH_CHROMIUM``. Without one the tests marked ``browser`` are
skipped, unless ``BASHGAH_REQUIRE_BROWSER`` is set (CI sets it), when that is an error.

Each page is watched for console errors, uncaught exceptions, Content-Security-Policy
violations and server errors; a test ends with ``session.assert_clean()``. Screenshots go to
``artifacts/screenshots/<test>-<lang>-<step>.png``."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from tests.test_roles import club  # noqa: F401 (a fixture: one of every row a staff URL names)

CHROMIUM = Path(os.environ.get("BASHGAH_CHROMIUM") or "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
RTL = {"fa", "he"}
# Chromium logs what the CSP refuses as a console error; this listener also names the directive
# (added through Playwright, which the page's CSP does not apply to).
WATCH_CSP = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} refused ${event.blockedURI}`);
});
"""
TIMEOUT_MS = 10_000
# Problems seen and reported but not fixed yet, each with where it comes from. A test that
# meets only these ends as xfail (naming them), so the rest of its checks still count and it
# passes by itself once they are fixed; anything else fails the test.
KNOWN_PROBLEMS = {}
# Playwright's screenshots leave style="" on form fields, and htmx copies the style attribute
# of a field it replaces (attributesToSettle), which the CSP then refuses; so tidy up after.
UNDO_SCREENSHOT_STYLE = """
() => document.querySelectorAll('[style=""]').forEach((node) => node.removeAttribute("style"))
"""


def chromium_found() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    browser_items = [item for item in items if "browser" in item.keywords]
    if not browser_items or chromium_found():
        return
    if os.environ.get("BASHGAH_REQUIRE_BROWSER"):
        return  # they run, and fail in the browser fixture
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    for item in browser_items:
        item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[CALL_PASSED] = report.passed
    return report


CALL_PASSED = pytest.StashKey[bool]()


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """One Chromium for the browser tests in a row, closed before any other test runs.

    Playwright's sync API keeps an asyncio loop running in this thread while it is alive,
    which Django would take for an async context and refuse ORM calls in; the tests set up
    and check rows synchronously, so that check is lifted for exactly this long."""
    if not chromium_found():
        if os.environ.get("BASHGAH_REQUIRE_BROWSER"):
            pytest.fail(
                f"BASHGAH_REQUIRE_BROWSER is set but there is no Chromium at {CHROMIUM} "
                "(apt-get install chromium, or set BASHGAH_CHROMIUM)"
            )
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class BrowserSession:
    """One browser context in one language: the page, what went wrong on it, screenshots."""

    name: str
    lang: str
    base_url: str
    page: Any
    problems: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)
    checked: bool = False
    dialogs: list[str] = field(default_factory=list)  # questions asked with confirm()
    accept_dialogs: bool = True
    step: str = "start"  # the last screenshot taken, to say where a problem happened

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str) -> Any:
        return self.page.goto(self.url(path))

    def shot(self, step: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{self.name}-{self.lang}-{step}.png"
        self.page.screenshot(path=str(path), full_page=True)
        self.page.evaluate(UNDO_SCREENSHOT_STYLE)
        self.step = step
        return path

    def answer(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        if self.accept_dialogs:
            dialog.accept()
        else:
            dialog.dismiss()

    def allow(self, pattern: str) -> None:
        """Expect a console error matching ``pattern`` (a refused page logs its 403)."""
        self.allowed.append(re.compile(pattern))

    def record(self, problem: str) -> None:
        if not any(pattern.search(problem) for pattern in self.allowed):
            self.problems.append(f"[{self.lang}, after {self.step}] {problem}")

    def assert_direction(self) -> None:
        expected = "rtl" if self.lang in RTL else "ltr"
        html = self.page.evaluate(
            "() => [document.documentElement.dir, document.documentElement.lang]"
        )
        assert html == [expected, self.lang]

    def assert_clean(self) -> None:
        """No console error, uncaught exception, CSP violation or server error so far."""
        self.checked = True
        unknown = [p for p in self.problems if not any(re.search(k, p) for k in KNOWN_PROBLEMS)]
        assert unknown == [], "\n".join(unknown)
        known = {
            reason
            for pattern, reason in KNOWN_PROBLEMS.items()
            if any(re.search(pattern, problem) for problem in self.problems)
        }
        if known:
            pytest.xfail("known problems: " + "; ".join(sorted(known)))

    def text(self, message: str, **values: Any) -> str:
        """``message`` as the page shows it in this session's language."""
        with translation.override(self.lang):
            text = translation.gettext(message)
        return text % values if values else text


@pytest.fixture
def open_session(
    browser: Any, live_server: Any, request: pytest.FixtureRequest
) -> Iterator[Callable[..., BrowserSession]]:
    """``open_session(name, lang)``: a fresh context (no cookies) watched for errors.

    ``lang`` goes into the language cookie unless ``cookie=False``; ``locale`` is what the
    browser asks for in Accept-Language; ``viewport`` defaults to a 1280×800 desktop."""
    contexts: list[Any] = []
    sessions: list[BrowserSession] = []

    def open_(
        name: str,
        lang: str,
        *,
        cookie: bool = True,
        locale: str = "en-US",
        viewport: dict[str, int] | None = None,
    ) -> BrowserSession:
        context = browser.new_context(
            locale=locale, viewport=viewport or {"width": 1280, "height": 800}
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        if cookie:
            context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url}]
            )
        context.add_init_script(WATCH_CSP)
        page = context.new_page()
        session = BrowserSession(name=name, lang=lang, base_url=live_server.url, page=page)
        page.on(
            "console",
            lambda message: (
                session.record(f"console {message.type}: {message.text} ({message.location})")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: session.record(f"uncaught: {error}"))
        page.on(
            "response",
            lambda response: (
                session.record(f"HTTP {response.status} {response.url}")
                if response.status >= 500
                else None
            ),
        )
        page.on("requestfailed", lambda req: session.record(f"failed: {req.url} {req.failure}"))
        page.on("dialog", session.answer)
        sessions.append(session)
        return session

    yield open_
    for context in contexts:
        context.close()
    if request.node.stash.get(CALL_PASSED, False):  # a failed test has said enough
        unchecked = [problem for s in sessions if not s.checked for problem in s.problems]
        assert unchecked == [], "problems the test did not check:\n" + "\n".join(unchecked)

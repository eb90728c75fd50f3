"""The watch on every browser page sees what it is there to see: a test that meets a CSP
violation or a console error does not pass."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

INLINE_SCRIPT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.inlineRan = true";
  document.body.append(script);
  console.error("something broke");
}"""


def test_a_csp_violation_and_a_console_error_are_seen(open_session, db):
    session = open_session("watch", "en")
    session.goto("/staff/login/")
    session.page.evaluate(INLINE_SCRIPT)
    for _ in range(100):  # the violation event arrives a moment later
        if any("CSP violation: script-src" in problem for problem in session.problems):
            break
        session.page.wait_for_timeout(20)
    assert any("CSP violation: script-src" in problem for problem in session.problems)
    assert session.page.evaluate("() => window.inlineRan") is None  # the CSP refused it
    assert any("something broke" in problem for problem in session.problems)
    with pytest.raises(AssertionError):
        session.assert_clean()
    session.problems.clear()

"""What every member page shares: who is signed in, the reader's language, rate limits.

The member's id lives in the session under its own key, apart from staff sign-in, so a
cashier who is also a member can be both in one browser without either leaking into the
other."""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from bashgah.core.errors import ApplicationError
from bashgah.members.models import Member

MEMBER_KEY = "portal_member_id"
PENDING_PHONE_KEY = "portal_pending_phone"  # E.164, between "send me a code" and the code
PENDING_REDEEM_KEY = "portal_pending_redeem"  # reward code waiting for its texted code

# Per client address, on top of the per-phone limits of members.otp.
IP_WINDOW_SECONDS = 600
IP_MAX_CODE_REQUESTS = 10  # codes asked for (sign-in, join, resend) per window
IP_MAX_CODE_GUESSES = 20  # codes typed per window


def language() -> str:
    code = (get_language() or "fa")[:2]
    return code if code in {"fa", "he", "en"} else "fa"


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _counter_key(kind: str, subject: str) -> str:
    # Keys carry a keyed hash, never a phone number or an address in the clear.
    digest = hmac.new(settings.SECRET_KEY.encode(), subject.encode(), hashlib.sha256).hexdigest()
    return f"portal:{kind}:{digest[:32]}"


def limit_reached(kind: str, subject: str, limit: int, window: int = IP_WINDOW_SECONDS) -> bool:
    """Count one more attempt of ``kind`` by ``subject``; True when it is over ``limit``."""
    key = _counter_key(kind, subject)
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit


def counter_forget(kind: str, subject: str) -> None:
    cache.delete(_counter_key(kind, subject))


def masked_phone(phone: str) -> SafeString:
    """The last four digits, kept left-to-right inside a right-to-left sentence."""
    return format_html('<bdi dir="ltr">…{}</bdi>', phone[-4:]) if phone else SafeString("")


def signed_in_member(request: HttpRequest) -> Member | None:
    member_id = request.session.get(MEMBER_KEY)
    if not member_id:
        return None
    member = Member.objects.filter(pk=member_id, status=Member.Status.ACTIVE).first()
    if member is None:
        request.session.pop(MEMBER_KEY, None)
    return member


def member_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page for a signed-in member; the view receives the member after the request."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        member = signed_in_member(request)
        if member is None:
            return redirect("portal:login")
        response = view(request, member, *args, **kwargs)
        response.headers.setdefault("Cache-Control", "private, no-store")
        return response

    return wrapper


MEMBER_PAGES = {"card", "history", "rewards", "vouchers", "profile", "privacy"}


def page_context(nav: str, **extra: Any) -> dict[str, Any]:
    """``nav`` names the page in the navigation; member pages show it, sign-in pages do not."""
    return {
        "nav": nav,
        "member_nav": nav in MEMBER_PAGES,
        "club_name": settings.BASHGAH["CLUB_NAME"],
        **extra,
    }


def error_fields(error: ApplicationError) -> dict[str, str]:
    return {name: str(problem) for name, problem in error.details.items()}

"""The rewards catalog, redeeming points for a voucher, and the member's vouchers.

A redeem form carries a token drawn with the page; the first request with it claims the token
in the cache, so a double tap or a resent form makes one voucher, and the second request is
shown the first one's voucher."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bashgah.core.codes import format_code
from bashgah.core.errors import ApplicationError, InsufficientPoints
from bashgah.core.money import format_points
from bashgah.ledger.selectors import points_summary
from bashgah.members.models import Member
from bashgah.members.otp import CodeRejected, TooManyCodes, otp_issue
from bashgah.portal.qr import qr_svg, voucher_qr_payload
from bashgah.portal.views.common import (
    PENDING_REDEEM_KEY,
    language,
    masked_phone,
    member_required,
    page_context,
)
from bashgah.rewards.models import Reward, Voucher
from bashgah.rewards.services.redeem import OtpRequired, reward_redeem, voucher_cancel

REDEEM_PURPOSE = "redeem"  # the purpose reward_redeem checks texted codes against
CLAIM_SECONDS = 3600


def _catalog(at: Any) -> QuerySet[Reward]:
    return (
        Reward.objects.filter(is_active=True)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=at))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=at))
        .order_by("points_cost", "code")
    )


def _needs_code(reward: Reward) -> bool:
    threshold = settings.BASHGAH["REDEEM_OTP_THRESHOLD"]
    return bool(threshold) and reward.points_cost >= threshold


def _reward_item(reward: Reward, available: int) -> dict[str, Any]:
    lang = language()
    descriptions = reward.descriptions or {}
    return {
        "reward": reward,
        "name": reward.name(lang),
        "description": descriptions.get(lang) or descriptions.get("fa") or "",
        "affordable": reward.points_cost <= available,
        "missing": max(reward.points_cost - available, 0),
        "in_stock": reward.stock is None or reward.stock > 0,
        "needs_code": _needs_code(reward),
    }


def _catalog_page(
    request: HttpRequest, member: Member, status: int = 200, **extra: Any
) -> HttpResponse:
    summary = points_summary(member=member)
    items = [_reward_item(reward, summary.available) for reward in _catalog(timezone.now())]
    context = page_context(
        "rewards", member=member, summary=summary, items=items, token=_token(), **extra
    )
    return render(request, "portal/rewards.html", context, status=status)


def _token() -> str:
    return secrets.token_urlsafe(12)


def _claim_key(member: Member, token: str) -> str:
    return f"portal:redeem:{member.pk}:{token[:40]}"


@require_GET
@member_required
def catalog(request: HttpRequest, member: Member) -> HttpResponse:
    return _catalog_page(request, member)


def _code_page(
    request: HttpRequest,
    member: Member,
    reward: Reward,
    token: str,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = page_context(
        "rewards",
        member=member,
        item=_reward_item(reward, points_summary(member=member).available),
        token=token,
        sent_to=masked_phone(member.phone or ""),
        **extra,
    )
    return render(request, "portal/redeem_code.html", context, status=status)


@require_POST
@member_required
def redeem(request: HttpRequest, member: Member, code: str) -> HttpResponse:
    reward = _catalog(timezone.now()).filter(code=code).first()
    if reward is None:
        raise Http404
    token = request.POST.get("token") or _token()
    otp = request.POST.get("otp")
    if _needs_code(reward) and otp is None:
        # First step of a large redemption: text the code, unless the points are not there.
        if points_summary(member=member).available < reward.points_cost:
            return _catalog_page(
                request,
                member,
                409,
                error=str(InsufficientPoints.default_message),
                error_reward=reward.code,
            )
        try:
            otp_issue(member=member, purpose=REDEEM_PURPOSE)
        except TooManyCodes as error:
            return _catalog_page(
                request, member, 429, error=str(error.message), error_reward=reward.code
            )
        request.session[PENDING_REDEEM_KEY] = reward.code
        return _code_page(request, member, reward, token)
    claim = _claim_key(member, token)
    if not cache.add(claim, 0, CLAIM_SECONDS):
        earlier = cache.get(claim)
        if earlier:
            return redirect("portal:voucher", voucher_id=earlier)
        messages.info(request, _("Your redemption is already on its way."))
        return redirect("portal:vouchers")
    try:
        voucher = reward_redeem(member=member, reward=reward, actor="portal", otp_code=otp)
    except (CodeRejected, OtpRequired) as error:
        cache.delete(claim)
        return _code_page(request, member, reward, token, 422, error=str(error.message))
    except ApplicationError as error:
        cache.delete(claim)
        return _catalog_page(
            request, member, error.status, error=str(error.message), error_reward=reward.code
        )
    cache.set(claim, voucher.pk, CLAIM_SECONDS)
    request.session.pop(PENDING_REDEEM_KEY, None)
    messages.success(request, _("Done! Here is your voucher."))
    return redirect("portal:voucher", voucher_id=voucher.pk)


def voucher_state(voucher: Voucher, now: Any) -> str:
    """open, used, expired or cancelled, as the member sees it: an unused voucher past its date
    is expired even before the nightly job marks it."""
    if voucher.status == Voucher.Status.ISSUED:
        return "open" if voucher.expires_at > now else "expired"
    if voucher.status in (Voucher.Status.USED, Voucher.Status.FULFILLED):
        return "used"
    return str(voucher.status)


def _voucher_item(voucher: Voucher, now: Any) -> dict[str, Any]:
    return {
        "voucher": voucher,
        "name": voucher.reward.name(language()),
        "code": format_code(voucher.code),
        "state": voucher_state(voucher, now),
    }


@require_GET
@member_required
def vouchers(request: HttpRequest, member: Member) -> HttpResponse:
    now = timezone.now()
    rows = Voucher.objects.select_related("reward").filter(member=member).order_by("-issued_at")
    items = [_voucher_item(voucher, now) for voucher in rows]
    groups = [
        (state, title, [item for item in items if item["state"] == state])
        for state, title in (
            ("open", _("Ready to use")),
            ("used", _("Used")),
            ("expired", _("Expired")),
            ("cancelled", _("Cancelled")),
        )
    ]
    context = page_context("vouchers", member=member, groups=groups, count=len(items))
    return render(request, "portal/vouchers.html", context)


@require_GET
@member_required
def voucher(request: HttpRequest, member: Member, voucher_id: int) -> HttpResponse:
    row = get_object_or_404(Voucher.objects.select_related("reward"), pk=voucher_id, member=member)
    item = _voucher_item(row, timezone.now())
    qr = (
        qr_svg(voucher_qr_payload(row.code), label=_("Voucher QR code"))
        if item["state"] == "open"
        else None
    )
    context = page_context("vouchers", member=member, item=item, qr=qr)
    return render(request, "portal/voucher.html", context)


@require_POST
@member_required
def voucher_cancel_view(request: HttpRequest, member: Member, voucher_id: int) -> HttpResponse:
    row = get_object_or_404(
        Voucher.objects.select_related("reward", "member", "redeem_transaction"),
        pk=voucher_id,
        member=member,
    )
    try:
        voucher_cancel(voucher=row, actor="portal", reason="cancelled by the member")
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("portal:voucher", voucher_id=row.pk)
    messages.success(
        request,
        _("Voucher cancelled; %(points)s points are back in your balance.")
        % {"points": format_points(row.points_cost, language())},
    )
    return redirect("portal:vouchers")

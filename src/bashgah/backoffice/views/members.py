"""The member directory (MEMBERS_VIEW) and a member's page; manual adjustments
(MEMBERS_ADJUST).

Members belong to the club, not to a branch, so every role that may view members sees all of
them. The search text (a phone number, a card number or a name) is posted and kept in the
session: personal data never appears in a URL or an access log. Tier, status and page are
plain query parameters."""

from __future__ import annotations

import re
import secrets
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bashgah.backoffice.forms.members import AdjustForm, DirectoryFilterForm, MemberSearchForm
from bashgah.backoffice.views.common import staff_required
from bashgah.backoffice.views.pages import language_of, page, paginate, place_errors
from bashgah.core.audit import audit_record
from bashgah.core.cards import is_valid_card_number, token_from_qr_payload
from bashgah.core.digits import localize_digits, to_ascii_digits
from bashgah.core.errors import ApplicationError
from bashgah.core.phone import InvalidPhone, normalize_phone
from bashgah.ledger.models import Account
from bashgah.ledger.selectors import points_history, points_summary, wallet_summary
from bashgah.ledger.services import points_adjust
from bashgah.members.models import Member
from bashgah.purchases.models import Purchase
from bashgah.rewards.models import Voucher
from bashgah.rules.explanations import explain
from bashgah.staff.permissions import MEMBERS_ADJUST, MEMBERS_VIEW
from bashgah.tiers.selectors import tier_status, tiers_ordered

SEARCH_KEY = "backoffice:member_search"
ADJUST_TOKENS_KEY = "backoffice:adjust_tokens"
HISTORY_PAGE_SIZE = 20
_PUNCTUATION = re.compile(r"[\s\-().+\u200c\u200e\u200f]")


def search_filter(query: str) -> Q:
    """Members matching what staff typed: a card number, a phone number (whole, or at least
    four digits of it), a QR payload, or words of a name. Any digit script."""
    text = query.strip()
    if not text:
        return Q()
    token = token_from_qr_payload(text)
    if token is not None:
        return Q(qr_token=token)
    digits = _PUNCTUATION.sub("", to_ascii_digits(text))
    if digits.isdigit():
        if is_valid_card_number(digits):
            return Q(card_number=digits)
        try:
            return Q(phone=normalize_phone(text))
        except InvalidPhone:
            pass
        if len(digits) >= 4:
            return Q(phone__contains=digits.lstrip("0")) | Q(card_number__startswith=digits)
        return Q(pk__in=[])
    words = Q()
    for word in text.split():
        words &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return words


def _directory(query: str, tier: str, status: str) -> QuerySet[Member]:
    balance = Account.objects.filter(member=OuterRef("pk"), kind=Account.Kind.MEMBER_POINTS)
    members = (
        Member.objects.select_related("tier_state__tier")
        .annotate(points=Subquery(balance.values("balance")[:1]))
        .filter(search_filter(query))
        .order_by("-enrolled_at", "-pk")
    )
    if tier:
        members = members.filter(tier_state__tier__code=tier)
    if status:
        members = members.filter(status=status)
    return members


@staff_required(MEMBERS_VIEW)
@require_http_methods(["GET"])
def directory(request: HttpRequest) -> HttpResponse:
    language = language_of(request)
    filters = DirectoryFilterForm(request.GET, tiers=tiers_ordered(), language=language)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    tier, status = chosen.get("tier", ""), chosen.get("status", "")
    query = request.session.get(SEARCH_KEY, "")
    members = paginate(request, _directory(query, tier, status))
    return page(
        request,
        "backoffice/members/directory.html",
        {
            "search": MemberSearchForm(initial={"q": query}),
            "query": query,
            "filters": filters,
            "members": members,
            "filter_query": urlencode({k: v for k, v in (("tier", tier), ("status", status)) if v}),
        },
        nav="members",
    )


@staff_required(MEMBERS_VIEW)
@require_POST
def search(request: HttpRequest) -> HttpResponse:
    """Keep the search in the session; go straight to the member when a phone or card number
    finds exactly one."""
    if "clear" in request.POST:
        request.session.pop(SEARCH_KEY, None)
        return redirect("backoffice:members")
    form = MemberSearchForm(request.POST)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    request.session[SEARCH_KEY] = query
    identifier = _PUNCTUATION.sub("", to_ascii_digits(query)).isdigit()
    if query and identifier:
        found = list(Member.objects.filter(search_filter(query)).values_list("pk", flat=True)[:2])
        if len(found) == 1:
            return redirect("backoffice:member", member_id=found[0])
    return redirect("backoffice:members")


def _member_page(
    request: HttpRequest, member: Member, *, adjust: AdjustForm | None = None, status: int = 200
) -> HttpResponse:
    language = language_of(request)
    history = paginate(request, points_history(member=member), size=HISTORY_PAGE_SIZE)
    purchases = Purchase.objects.filter(member=member).select_related("store")
    context: dict[str, Any] = {
        "member": member,
        "summary": points_summary(member=member),
        "wallet": wallet_summary(member=member),
        "tier": tier_status(member=member),
        "history": history,
        "history_rows": [
            (tx, [explain(item, language) for item in tx.explanation or []]) for tx in history
        ],
        "purchases": purchases.order_by("-paid_at", "-pk")[:20],
        "purchase_count": purchases.count(),
        "vouchers": Voucher.objects.filter(member=member)
        .select_related("reward")
        .order_by("-issued_at")[:20],
        "adjust": adjust or AdjustForm(initial={"token": secrets.token_urlsafe(12)}),
    }
    return page(request, "backoffice/members/member.html", context, nav="members", status=status)


@staff_required(MEMBERS_VIEW)
@require_http_methods(["GET"])
def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(Member.objects.select_related("enrolled_store"), pk=member_id)
    return _member_page(request, member)


@staff_required(MEMBERS_ADJUST)
@require_POST
def member_adjust(request: HttpRequest, member_id: int) -> HttpResponse:
    """A manual correction with a reason the member reads. The form's token makes a second
    submission of the same form (a double click, a reload) record nothing."""
    member = get_object_or_404(Member.objects.select_related("enrolled_store"), pk=member_id)
    form = AdjustForm(request.POST)
    if form.is_valid():
        token = form.cleaned_data["token"]
        done: list[str] = request.session.get(ADJUST_TOKENS_KEY, [])
        if token and token in done:
            messages.info(request, _("This adjustment was already recorded."))
            return redirect("backoffice:member", member_id=member.pk)
        points = form.cleaned_data["points"]
        try:
            with transaction.atomic():
                tx = points_adjust(
                    member=member,
                    points=points if points is not None else 0,
                    reason=form.cleaned_data["reason"],
                    actor=f"staff:{request.user.get_username()}",
                )
                audit_record(
                    actor=request.user,
                    action="points.adjust",
                    object_type="member",
                    object_id=member.pk,
                    after={"points": tx.points, "reason": tx.reason, "transaction": tx.pk},
                )
        except ApplicationError as error:
            place_errors(form, error)
        else:
            if token:
                request.session[ADJUST_TOKENS_KEY] = [*done[-19:], token]
            signed = localize_digits(f"{tx.points:+d}", language_of(request))
            messages.success(request, _("%(points)s points adjusted.") % {"points": signed})
            return redirect("backoffice:member", member_id=member.pk)
    return _member_page(request, member, adjust=form, status=422)

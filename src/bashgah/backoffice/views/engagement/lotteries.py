"""Lotteries: the list, scheduling one (its commitment is published at once), closing entries
(the entry list and its hash are published), drawing (winners, and the seed revealed), and the
results with how anyone can verify them. Each step is the lottery service's; the page only
offers the step the lottery's state allows."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bashgah.backoffice.forms.lotteries import LotteryForm
from bashgah.backoffice.views.common import staff_required
from bashgah.backoffice.views.engagement.common import audience_parts, engagement_page
from bashgah.backoffice.views.pages import language_of
from bashgah.core.audit import audit_record
from bashgah.core.errors import ApplicationError, NotFound
from bashgah.lotteries.models import Lottery
from bashgah.lotteries.selectors import (
    lotteries_list,
    lottery_totals,
    lottery_verify,
    lottery_winners,
)
from bashgah.lotteries.services import (
    lottery_close,
    lottery_draw,
    lottery_get,
    lottery_schedule,
)
from bashgah.staff.permissions import ENGAGEMENT_VIEW, PROGRAM_EDIT
from bashgah.stores.selectors import stores_open
from bashgah.tiers.selectors import tiers_ordered


def _lottery(lottery_id: int) -> Lottery:
    try:
        return lottery_get(lottery_id=lottery_id)
    except NotFound:
        raise Http404 from None


@staff_required(ENGAGEMENT_VIEW)
@require_GET
def lottery_list(request: HttpRequest) -> HttpResponse:
    language = language_of(request)
    return engagement_page(
        request,
        "backoffice/engagement/lotteries.html",
        {"rows": [(lottery, lottery.name(language)) for lottery in lotteries_list()]},
        tab="lotteries",
    )


def _form(request: HttpRequest) -> LotteryForm:
    return LotteryForm(
        request.POST if request.method == "POST" else None,
        tiers=tiers_ordered(),
        stores=stores_open(),
        language=language_of(request),
    )


def _audit_after(lottery: Lottery) -> dict[str, Any]:
    return {
        "names": lottery.names,
        "entry_start": lottery.entry_start.isoformat(),
        "entry_end": lottery.entry_end.isoformat(),
        "audience": lottery.audience,
        "entries_per_purchase": lottery.entries_per_purchase,
        "amount_per_entry": lottery.amount_per_entry,
        "points_per_entry": lottery.points_per_entry,
        "prizes": [
            {"position": prize.position, "names": prize.names, "count": prize.count}
            for prize in lottery.prizes.order_by("position")
        ],
        "commitment": lottery.commitment,
    }


@staff_required(PROGRAM_EDIT)
@require_http_methods(["GET", "POST"])
def lottery_create_view(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                lottery = lottery_schedule(**form.values())
                audit_record(
                    actor=request.user,
                    action="lottery.schedule",
                    object_type="lottery",
                    object_id=lottery.pk,
                    after=_audit_after(lottery),
                )
        except ApplicationError as error:
            form.place(error)
        else:
            messages.success(
                request, _("The lottery is scheduled and its commitment is published.")
            )
            return redirect("backoffice:engagement_lottery", lottery_id=lottery.pk)
    return engagement_page(
        request,
        "backoffice/engagement/lottery_form.html",
        {"form": form},
        tab="lotteries",
        status=422 if request.method == "POST" else 200,
    )


@staff_required(ENGAGEMENT_VIEW)
@require_GET
def lottery_detail(request: HttpRequest, lottery_id: int) -> HttpResponse:
    language = language_of(request)
    lottery = _lottery(lottery_id)
    drawn = lottery.status == Lottery.Status.DRAWN
    return engagement_page(
        request,
        "backoffice/engagement/lottery.html",
        {
            "lottery": lottery,
            "name": lottery.name(language),
            "audience": audience_parts(lottery.audience, language),
            "prizes": [(prize, prize.name(language)) for prize in lottery.prizes.all()],
            "totals": lottery_totals(lottery=lottery),
            "winners": [
                (winner, winner.prize.name(language)) for winner in lottery_winners(lottery=lottery)
            ]
            if drawn
            else [],
            "problems": lottery_verify(lottery=lottery) if drawn else [],
            "can_close": lottery.status == Lottery.Status.SCHEDULED
            and timezone.now() >= lottery.entry_end,
        },
        tab="lotteries",
    )


def _step(request: HttpRequest, lottery_id: int, *, action: str) -> HttpResponse:
    """Close or draw: the service checks the state; the result is told on the lottery's page."""
    lottery = _lottery(lottery_id)
    before = {"status": lottery.status}
    try:
        with transaction.atomic():
            if action == "close":
                lottery = lottery_close(lottery=lottery)
                after = {
                    "status": lottery.status,
                    "entries_hash": lottery.entries_hash,
                    "entrants": len(lottery.entries),
                }
            else:
                lottery = lottery_draw(lottery=lottery)
                after = {
                    "status": lottery.status,
                    "seed": lottery.seed,
                    "winners": [
                        winner.entrant.pseudonym for winner in lottery_winners(lottery=lottery)
                    ],
                }
            audit_record(
                actor=request.user,
                action=f"lottery.{action}",
                object_type="lottery",
                object_id=lottery.pk,
                before=before,
                after=after,
            )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        if action == "close":
            messages.success(
                request, _("Entries are closed; the entry list and its hash are published.")
            )
        else:
            messages.success(request, _("The winners are drawn and the seed is revealed."))
    return redirect("backoffice:engagement_lottery", lottery_id=lottery.pk)


@staff_required(PROGRAM_EDIT)
@require_POST
def lottery_close_view(request: HttpRequest, lottery_id: int) -> HttpResponse:
    return _step(request, lottery_id, action="close")


@staff_required(PROGRAM_EDIT)
@require_POST
def lottery_draw_view(request: HttpRequest, lottery_id: int) -> HttpResponse:
    return _step(request, lottery_id, action="draw")

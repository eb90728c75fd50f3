"""Everything the club holds about a member, as a JSON document and as one CSV table.

Built from the domain's own reads (members, consent, purchases, the points ledger with its
explanations in the reader's language, vouchers). Dates are ISO 8601 for machines; reasons
are sentences for people."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from bashgah.ledger.selectors import points_history, points_summary, wallet_summary
from bashgah.members.consent import consent_history
from bashgah.members.models import Member
from bashgah.purchases.models import Purchase
from bashgah.rewards.models import Voucher
from bashgah.rules.explanations import explain

CSV_COLUMNS = ["section", "date", "item", "points", "amount", "status", "reference", "details"]


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value else None


def member_export(*, member: Member, language: str) -> dict[str, Any]:
    summary = points_summary(member=member)
    wallet = wallet_summary(member=member)
    purchases = (
        Purchase.objects.filter(member=member)
        .select_related("store")
        .prefetch_related("lines")
        .order_by("-paid_at", "-id")
    )
    vouchers = Voucher.objects.filter(member=member).select_related("reward").order_by("-issued_at")
    return {
        "generated_at": timezone.now().isoformat(),
        "profile": {
            "phone": member.phone,
            "card_number": member.card_number,
            "first_name": member.first_name,
            "last_name": member.last_name,
            "email": member.email,
            "birth_date": _iso(member.birth_date),
            "gender": member.gender,
            "city": member.city,
            "language": member.language,
            "status": member.status,
            "enrolled_at": _iso(member.enrolled_at),
            "enrolled_store": member.enrolled_store.name if member.enrolled_store else None,
            "source": member.source,
        },
        "balance": {
            "points": summary.balance,
            "available": summary.available,
            "pending": summary.pending,
            "debt": summary.debt,
            "wallet": wallet.balance,
        },
        "consent": [
            {
                "channel": record.channel,
                "granted": record.granted,
                "source": record.source,
                "recorded_at": _iso(record.recorded_at),
            }
            for record in reversed(consent_history(member=member))
        ],
        "purchases": [
            {
                "id": purchase.external_id,
                "store": purchase.store.name,
                "paid_at": _iso(purchase.paid_at),
                "total": purchase.total,
                "currency": purchase.currency,
                "points": purchase.points,
                "returned_amount": purchase.returned_amount,
                "points_reversed": purchase.points_reversed,
                "lines": [
                    {
                        "sku": line.sku,
                        "category": line.category,
                        "quantity": line.quantity,
                        "unit_price": line.unit_price,
                        "returned_quantity": line.returned_quantity,
                    }
                    for line in purchase.lines.all()
                ],
            }
            for purchase in purchases
        ],
        "points_history": [
            {
                "id": tx.pk,
                "date": _iso(tx.created_at),
                "kind": tx.kind,
                "points": tx.points,
                "debt": tx.debt,
                "reasons": [explain(item, language) for item in tx.explanation]
                or [str(tx.get_kind_display())],
                "reference": f"{tx.reference_type}:{tx.reference_id}" if tx.reference_type else "",
            }
            for tx in points_history(member=member)
        ],
        "vouchers": [
            {
                "code": voucher.code,
                "reward": voucher.reward.name(language),
                "points": voucher.points_cost,
                "status": voucher.status,
                "issued_at": _iso(voucher.issued_at),
                "expires_at": _iso(voucher.expires_at),
                "used_at": _iso(voucher.used_at),
            }
            for voucher in vouchers
        ],
    }


def export_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run: text starting like a formula gets a quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    risky = text[:1] in ("=", "@", "\t", "\r") or (
        text[:1] in ("+", "-") and not text[1:].isdigit()
    )
    return "'" + text if risky else text


def _csv_rows(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for field, value in document["profile"].items():
        yield {"section": "profile", "item": field, "details": value}
    for field, value in document["balance"].items():
        money = field == "wallet"
        yield {
            "section": "balance",
            "date": document["generated_at"],
            "item": field,
            "points": None if money else value,
            "amount": value if money else None,
        }
    for record in document["consent"]:
        yield {
            "section": "consent",
            "date": record["recorded_at"],
            "item": record["channel"],
            "status": "granted" if record["granted"] else "withdrawn",
            "reference": record["source"],
        }
    for purchase in document["purchases"]:
        yield {
            "section": "purchase",
            "date": purchase["paid_at"],
            "item": purchase["id"],
            "points": purchase["points"],
            "amount": purchase["total"],
            "reference": purchase["store"],
            "details": "; ".join(
                f"{line['quantity']} × {line['sku']} ({line['category']}) @ {line['unit_price']}"
                for line in purchase["lines"]
            ),
        }
    for tx in document["points_history"]:
        yield {
            "section": "points",
            "date": tx["date"],
            "item": tx["kind"],
            "points": tx["points"],
            "reference": tx["reference"],
            "details": " | ".join(tx["reasons"]),
        }
    for voucher in document["vouchers"]:
        yield {
            "section": "voucher",
            "date": voucher["issued_at"],
            "item": voucher["code"],
            "points": -voucher["points"],
            "status": voucher["status"],
            "details": voucher["reward"],
        }


def export_csv(document: dict[str, Any]) -> str:
    """One table for every section; starts with a byte-order mark so spreadsheet programs
    read Persian and Hebrew as UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in _csv_rows(document):
        writer.writerow([_cell(row.get(column)) for column in CSV_COLUMNS])
    return buffer.getvalue()

"""Reading the CSV file into drafts: one per purchase (rows sharing an external id), with every
bad row noted by its line number. Nothing here touches the database.

The format is described in docs/csv-import.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from bashgah.core.calendars import club_zone
from bashgah.core.digits import to_ascii_digits
from bashgah.purchases.imports.summary import RowError
from bashgah.purchases.services.inputs import LineInput

REQUIRED_COLUMNS = (
    "external_id",
    "member",
    "store",
    "paid_at",
    "sku",
    "category",
    "quantity",
    "unit_price",
)
OPTIONAL_COLUMNS = ("currency",)
PROGRESS_EVERY = 20_000  # rows

_WHOLE = re.compile(r"[+-]?[0-9]{1,19}")
_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # undecodable bytes, as surrogateescape keeps them


@dataclass(slots=True)
class Draft:
    """One purchase as the file gives it: the shared fields from its first row, the lines that
    could be read, and a message for every row that could not."""

    external_id: str
    member: str = ""
    store: str = ""
    paid_at: dt.datetime | None = None
    currency: str = ""
    shared_from: int = 0  # the line the shared fields were read from; 0 while none was readable
    line_numbers: list[int] = field(default_factory=list)  # every row of the purchase
    lines: list[LineInput] = field(default_factory=list)  # the rows that could be read …
    lines_at: list[int] = field(default_factory=list)  # … and their line numbers
    problems: dict[int, list[str]] = field(default_factory=dict)  # line -> messages

    def reject(self, line: int, message: str) -> None:
        self.problems.setdefault(line, []).append(message)


@dataclass(slots=True)
class Reading:
    drafts: dict[str, Draft]  # by external id, in the order of first appearance
    rows_read: int = 0
    stray_errors: list[RowError] = field(default_factory=list)  # rows that belong to no draft


def _whole(text: str) -> int | None:
    text = to_ascii_digits(text)
    return int(text) if _WHOLE.fullmatch(text) else None


def parse_paid_at(text: str) -> dt.datetime | None:
    """ISO 8601 in any digit script; a time without an offset is the club's local time."""
    try:
        value = dt.datetime.fromisoformat(to_ascii_digits(text))
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=club_zone())


class _Columns:
    """Where each column sits, from the header row."""

    def __init__(self, header: list[str]) -> None:
        names = [name.strip().lower().lstrip("\ufeff") for name in header]
        self.width = len(names)
        self.missing = [name for name in REQUIRED_COLUMNS if name not in names]
        self.repeated = sorted({name for name in names if name and names.count(name) > 1})
        index = {
            name: names.index(name)
            for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
            if name in names
        }
        self.external_id = index.get("external_id", 0)
        self.member = index.get("member", 0)
        self.store = index.get("store", 0)
        self.paid_at = index.get("paid_at", 0)
        self.sku = index.get("sku", 0)
        self.category = index.get("category", 0)
        self.quantity = index.get("quantity", 0)
        self.unit_price = index.get("unit_price", 0)
        self.currency = index.get("currency")

    def problem(self) -> str | None:
        if self.missing:
            return _("The header row must name the columns %(required)s; missing: %(missing)s.") % {
                "required": ", ".join(REQUIRED_COLUMNS),
                "missing": ", ".join(self.missing),
            }
        if self.repeated:
            return _("The header row names a column twice: %(names)s.") % {
                "names": ", ".join(self.repeated)
            }
        return None


class _Reader:
    def __init__(self, columns: _Columns) -> None:
        self.columns = columns
        self.reading = Reading(drafts={})
        self.currency = settings.BASHGAH["CURRENCY"]
        self._last_time: tuple[str, dt.datetime | None] = ("", None)
        self._strings: dict[str, str] = {}  # one copy of each repeated value (SKUs, stores …)

    def _shared(self, text: str) -> str:
        return self._strings.setdefault(text, text)

    def _paid_at(self, text: str) -> dt.datetime | None:
        if self._last_time[0] != text:  # the rows of a purchase repeat the same time
            self._last_time = (text, parse_paid_at(text))
        return self._last_time[1]

    def row(self, line: int, record: list[str]) -> None:
        reading, columns = self.reading, self.columns
        reading.rows_read += 1
        values = [value.strip() for value in record]
        external_id = values[columns.external_id] if len(values) > columns.external_id else ""
        if not external_id:
            message = _("Give the purchase id (external_id) on every row.")
            reading.stray_errors.append(RowError(line=line, message=message))
            return
        draft = reading.drafts.get(external_id)
        if len(values) != columns.width:
            message = _("This row has %(found)d fields; the header has %(expected)d.") % {
                "found": len(values),
                "expected": columns.width,
            }
            if draft is None:
                draft = reading.drafts[external_id] = Draft(external_id)
            draft.line_numbers.append(line)
            draft.reject(line, message)
            return
        currency = values[columns.currency].upper() if columns.currency is not None else ""
        currency = currency or self.currency
        paid_at_text = values[columns.paid_at]
        paid_at = self._paid_at(paid_at_text)
        if draft is None:
            draft = reading.drafts[external_id] = Draft(external_id)
        if not draft.shared_from:
            draft.member = self._shared(values[columns.member])
            draft.store = self._shared(values[columns.store])
            draft.paid_at = paid_at
            draft.currency = self._shared(currency)
            draft.shared_from = line
        draft.line_numbers.append(line)
        self._check(draft, line, values, paid_at, currency)

    def _check(
        self,
        draft: Draft,
        line: int,
        values: list[str],
        paid_at: dt.datetime | None,
        currency: str,
    ) -> None:
        columns = self.columns
        if _NOT_UTF8.search("".join(values)):
            draft.reject(line, _("This row is not valid UTF-8 text."))
            return
        if paid_at is None:
            draft.reject(line, _("Give the time in ISO 8601, such as 2025-03-21T14:30:00+03:30."))
        for name, value, shared in (
            ("member", values[columns.member], draft.member),
            ("store", values[columns.store], draft.store),
            ("paid_at", paid_at, draft.paid_at),
            ("currency", currency, draft.currency),
        ):
            if value != shared and (name != "paid_at" or value is not None):
                message = _(
                    "All rows of purchase %(id)s must have the same %(column)s; this row's "
                    "differs from line %(line)d."
                )
                where = {"id": draft.external_id, "column": name, "line": draft.shared_from}
                draft.reject(line, message % where)
        quantity = _whole(values[columns.quantity])
        unit_price = _whole(values[columns.unit_price])
        if quantity is None:
            draft.reject(line, _("Quantity must be a whole number above zero."))
        if unit_price is None:
            draft.reject(line, _("Unit price must be a whole number of minor units, zero or more."))
        if quantity is not None and unit_price is not None:
            draft.lines.append(
                LineInput(
                    sku=self._shared(values[columns.sku]),
                    quantity=quantity,
                    unit_price=unit_price,
                    category=self._shared(values[columns.category]),
                )
            )
            draft.lines_at.append(line)


def read_purchases_csv(
    path: Path, *, on_progress: Callable[[int], None] | None = None
) -> tuple[Reading, RowError | None]:
    """Read the whole file; returns the drafts, or a file-level error (then nothing is read).
    ``on_progress`` gets the number of bytes read so far, now and then."""
    try:
        binary = path.open("rb")
    except OSError as exc:
        message = _("The file cannot be read: %(reason)s") % {"reason": exc.strerror or exc}
        return Reading(drafts={}), RowError(line=0, message=message)
    with (
        binary,
        io.TextIOWrapper(
            binary, encoding="utf-8-sig", errors="surrogateescape", newline=""
        ) as text,
    ):
        records = csv.reader(text)
        header: list[str] | None = None
        for header in records:
            if any(value.strip() for value in header):
                break
        columns = _Columns(header or [])
        problem = columns.problem()
        if problem:
            return Reading(drafts={}), RowError(line=records.line_num or 1, message=problem)
        reader = _Reader(columns)
        line = records.line_num
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except csv.Error as exc:
                reader.reading.rows_read += 1
                message = _("This row cannot be read as CSV: %(reason)s") % {"reason": exc}
                reader.reading.stray_errors.append(RowError(line=line + 1, message=message))
                line = records.line_num
                continue
            start, line = line + 1, records.line_num
            if not any(record) or not "".join(record).strip():
                continue
            reader.row(start, record)
            if on_progress and reader.reading.rows_read % PROGRESS_EVERY == 0:
                on_progress(binary.tell())
        if on_progress:
            on_progress(binary.tell())
    return reader.reading, None

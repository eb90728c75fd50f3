"""What an import did, for the operator who ran it: counts, speed and the rows it rejected."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

REPORT_ERRORS = 20


@dataclass(frozen=True, slots=True)
class RowError:
    """A rejected row: its line number in the file (the header is line 1) and why."""

    line: int
    message: str
    external_id: str = ""

    def __str__(self) -> str:
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass(frozen=True, slots=True)
class ImportSummary:
    file: str
    source: str
    rows_read: int  # data rows, header and blank lines not counted
    purchases_imported: int
    purchases_skipped: int  # already imported under the same (source, external id)
    purchases_rejected: int
    rows_rejected: int  # every row of a rejected purchase, and rows that belong to none
    points_awarded: int
    elapsed_seconds: float
    rows_per_second: float
    errors: list[RowError] = field(default_factory=list)  # one per bad row, by line number

    def report(self, *, limit: int = REPORT_ERRORS) -> str:
        """A few lines for the terminal: what happened, then the first ``limit`` bad rows."""
        lines = [
            _("Imported %(imported)d purchases from %(file)s (source %(source)s).")
            % {"imported": self.purchases_imported, "file": self.file, "source": self.source},
            _("  rows read: %(rows)d in %(seconds).1f s (%(rate)d rows/s)")
            % {
                "rows": self.rows_read,
                "seconds": self.elapsed_seconds,
                "rate": round(self.rows_per_second),
            },
            _("  points awarded: %(points)d") % {"points": self.points_awarded},
            _("  already imported, skipped: %(skipped)d purchases")
            % {"skipped": self.purchases_skipped},
            _("  rejected: %(purchases)d purchases, %(rows)d rows")
            % {"purchases": self.purchases_rejected, "rows": self.rows_rejected},
        ]
        if self.errors:
            shown = self.errors[:limit]
            lines.append(
                _("Bad rows (%(shown)d of %(count)d shown); fix them and import the file again:")
                % {"shown": len(shown), "count": len(self.errors)}
            )
            lines.extend(f"  {error}" for error in shown)
        return "\n".join(lines)

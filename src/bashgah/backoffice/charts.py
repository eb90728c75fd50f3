"""Server-rendered SVG bar charts: no script, no inline style (the CSP forbids both), colours
from classes in backoffice.css. Right-to-left readers get time running from right to left,
with the value axis on the right."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
HEIGHT = 240
TOP = 14
BOTTOM = 34  # room for the category labels
SIDE = 56  # room for the value labels


@dataclass(frozen=True, slots=True)
class Bar:
    label: str  # under the bar (already in the reader's digits)
    value: int
    title: str  # the tooltip and the accessible text of the bar


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 × 10^n at or above ``value`` (at least 1): round axis ends."""
    value = max(value, 1)
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    chart_id: str,
    rtl: bool = False,
    label_every: int = 1,
    format_value: Callable[[int], str] = str,
) -> SafeString:
    """An SVG bar chart of ``bars`` in the given order (reversed on the page for RTL)."""
    ordered = list(reversed(bars)) if rtl else list(bars)
    top = nice_ceiling(max((bar.value for bar in ordered), default=0))
    plot_left = 8 if rtl else SIDE
    plot_right = WIDTH - (SIDE if rtl else 8)
    plot_width = plot_right - plot_left
    plot_bottom = HEIGHT - BOTTOM
    plot_height = plot_bottom - TOP
    slot = plot_width / max(len(ordered), 1)
    bar_width = max(slot * 0.7, 1.0)
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
    ]
    value_x = plot_right + 6 if rtl else plot_left - 6
    anchor = "start" if rtl else "end"
    for fraction in (0, 0.5, 1):
        y = plot_bottom - plot_height * fraction
        tick = round(top * fraction)
        parts.append(
            f'<line class="grid" x1="{plot_left}" x2="{plot_right}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        parts.append(
            f'<text class="value-label" x="{value_x}" y="{y + 4:.1f}" text-anchor="{anchor}">'
            f"{escape(format_value(tick))}</text>"
        )
    # Label every n-th bar counted from the newest, so the latest day always has its label.
    newest = 0 if rtl else len(ordered) - 1
    for index, bar in enumerate(ordered):
        height = plot_height * bar.value / top
        x = plot_left + slot * index + (slot - bar_width) / 2
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{plot_bottom - height:.1f}" '
            f'width="{bar_width:.1f}" height="{height:.1f}"><title>{escape(bar.title)}</title>'
            "</rect>"
        )
        if abs(index - newest) % max(label_every, 1) == 0:
            parts.append(
                f'<text class="axis-label" x="{x + bar_width / 2:.1f}" y="{plot_bottom + 16}" '
                f'text-anchor="middle">{escape(bar.label)}</text>'
            )
    parts.append(
        f'<line class="axis" x1="{plot_left}" x2="{plot_right}" '
        f'y1="{plot_bottom}" y2="{plot_bottom}"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped

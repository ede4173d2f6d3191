"""Bar and line charts as plain SVG text, drawn on the server.

No script and no external resource: a chart prints as it shows, works under a strict
Content-Security-Policy, and needs nothing from the internet. Every chart carries its numbers
beside the bars or points, because a jury or a regent reads the figure, not the shape.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

# Greys and one dark blue survive a black-and-white printer; the accent marks a target line.
BAR = "#1f4e79"
BAR_MUTED = "#9fb6cd"
AXIS = "#444"
GRID = "#ddd"
TARGET = "#b34700"
FONT = "font-family:system-ui,sans-serif"


def _number(value: float) -> str:
    """An Indonesian number: 29.884, or 12,5 for a fraction."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    whole, frac = f"{value:,.1f}".split(".")
    return f"{whole.replace(',', '.')},{frac}"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    # An optional second, lighter bar behind the first (e.g. the target or the budget).
    reference: float | None = None
    note: str = ""


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    unit: str = "",
    width: int = 640,
    row_height: int = 22,
    label_width: int = 170,
    fmt: Callable[[float], str] = _number,
    target: float | None = None,
) -> str:
    """Horizontal bars, one row per label, the value written at the end of each bar."""
    rows = list(bars)
    top = 28
    height = top + max(len(rows), 1) * row_height + 12
    texts = [fmt(b.value) + (f" {unit}" if unit else "") + (f" ({b.note})" if b.note else "") for b in rows]
    # Room for the longest value text after the longest bar (about 6.5 px a character at 12 px).
    plot = width - label_width - max([len(t) for t in texts] + [8]) * 6.5 - 8
    peak = max([b.value for b in rows] + [b.reference or 0 for b in rows] + [target or 0, 0])
    scale = plot / peak if peak > 0 else 0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" style="{FONT};font-size:12px;max-width:100%;height:auto">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-weight="600" font-size="13">{escape(title)}</text>',
    ]
    if not rows:
        parts.append(f'<text x="0" y="{top + 14}" fill="{AXIS}">Belum ada data.</text>')
    for i, bar in enumerate(rows):
        y = top + i * row_height
        label = bar.label if len(bar.label) <= 26 else bar.label[:25] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + row_height * 0.65:.1f}" text-anchor="end">{escape(label)}</text>'
        )
        if bar.reference is not None and bar.reference > 0:
            parts.append(
                f'<rect x="{label_width}" y="{y + 3}" width="{bar.reference * scale:.1f}" '
                f'height="{row_height - 6}" fill="{BAR_MUTED}"/>'
            )
        w = max(bar.value * scale, 0)
        parts.append(f'<rect x="{label_width}" y="{y + 5}" width="{w:.1f}" height="{row_height - 10}" fill="{BAR}"/>')
        text = texts[i]
        end = label_width + max(w, (bar.reference or 0) * scale)
        parts.append(f'<text x="{end + 4:.1f}" y="{y + row_height * 0.65:.1f}">{escape(text)}</text>')
    if target is not None and scale:
        x = label_width + target * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 8}" stroke="{TARGET}" '
            f'stroke-dasharray="4 3"/>'
        )
        parts.append(f'<text x="{x + 3:.1f}" y="{top - 6}" fill="{TARGET}">target {escape(fmt(target))}</text>')
    parts.append(f'<line x1="{label_width}" y1="{top - 2}" x2="{label_width}" y2="{height - 8}" stroke="{AXIS}"/>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    dashed: bool = False


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    width: int = 640,
    height: int = 240,
    fmt: Callable[[float], str] = _number,
) -> str:
    """Lines over labelled points (months, years), each point's value written above it."""
    left, right, top, bottom = 48, 16, 30, 40
    plot_w = width - left - right
    plot_h = height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    peak = max(values + [0])
    scale = plot_h / peak if peak > 0 else 0
    step = plot_w / max(len(labels) - 1, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" style="{FONT};font-size:11px;max-width:100%;height:auto">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-weight="600" font-size="13">{escape(title)}</text>',
    ]
    base = top + plot_h
    for frac in (0, 0.5, 1):
        y = base - plot_h * frac
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="{AXIS}">{escape(fmt(peak * frac))}</text>'
        )
    for i, label in enumerate(labels):
        x = left + i * step
        parts.append(f'<text x="{x:.1f}" y="{base + 16}" text-anchor="middle">{escape(label)}</text>')
    shades = (BAR, TARGET, AXIS, BAR_MUTED)
    for n, s in enumerate(series):
        colour = shades[n % len(shades)]
        points = [(left + i * step, base - v * scale, v) for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
            dash = ' stroke-dasharray="5 3"' if s.dashed else ""
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for x, y, v in points:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
            parts.append(f'<text x="{x:.1f}" y="{y - 6:.1f}" text-anchor="middle">{escape(fmt(v))}</text>')
    # The legend under the axis names each series in its own colour.
    x = left
    for n, s in enumerate(series):
        colour = shades[n % len(shades)]
        parts.append(f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="{height - 5}">{escape(s.name)}</text>')
        x += 24 + 7 * len(s.name)
    parts.append("</svg>")
    return "".join(parts)

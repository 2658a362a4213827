"""The dashboard's SVG charts, drawn on the server with the compte-rendu's chart helpers (``reports.charts``).

Every chart has a title and comes with its figures as a table in the page: a reader never depends on it.
"""

from binome.reports.charts import BAR, INK, MUTED, _svg, _text, bars


__all__ = ["bars", "columns"]

CAPACITY = "#b3261e"


def columns(items: list[tuple[str, float]], *, title: str, line: float | None = None, line_label: str = "") -> str:
    """Vertical bars, one per (label, value), with an optional horizontal reference line (e.g. the capacity)."""
    if not items:
        return ""
    width, height, left, bottom, top_pad = 640, 220, 36, 34, 16
    top = max([value for _label, value in items] + [line or 0, 1])
    plot_h = height - bottom - top_pad
    step = (width - left - 8) / len(items)
    parts = [f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" stroke="{MUTED}"/>']
    for index, (label, value) in enumerate(items):
        h = max(value, 0) / top * plot_h
        x = left + index * step + step * 0.15
        y = height - bottom - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" fill="{BAR}"/>')
        parts.append(_text(f"{x + step * 0.35:.1f}", f"{y - 3:.1f}", _short(value), 8, "bold", "middle"))
        parts.append(_text(f"{x + step * 0.35:.1f}", height - bottom + 13, label, 8, anchor="middle", fill=INK))
    if line:
        y = height - bottom - line / top * plot_h
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="{CAPACITY}" stroke-dasharray="5 3"/>'
        )
        parts.append(_text(left + 2, f"{y - 4:.1f}", line_label, 8, "bold", fill=CAPACITY))
    return _svg(width, height, title, "".join(parts))


def _short(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",") if value % 1 else str(int(value))

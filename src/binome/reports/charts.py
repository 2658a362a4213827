"""SVG charts drawn on the server for the documents (plain Python, no Django, no JavaScript).

WeasyPrint draws inline SVG, so the charts are vector in the PDF. Every chart carries a title and a description
(``role="img"``) and repeats its figures as text beside it: a reader never depends on the colours.
"""

from html import escape


# The DPE label colours (energy scale), as on the official label.
LABEL_COLOURS = {
    "A": "#009c6d",
    "B": "#52b153",
    "C": "#a5cc74",
    "D": "#f4e70f",
    "E": "#f0b50f",
    "F": "#eb8235",
    "G": "#d7221f",
}
INK = "#1b1f24"
MUTED = "#525a64"
BAR = "#1d4f91"


def _svg(width: int, height: int, title: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def _text(x, y, text, size=9, weight="normal", anchor="start", fill=INK) -> str:
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}" text-anchor="{anchor}" '
        f'fill="{fill}" font-family="Atkinson Hyperlegible, DejaVu Sans, sans-serif">{escape(str(text))}</text>'
    )


def label_scale(before: str, after: str | None = None, *, title: str = "Étiquette énergie") -> str:
    """The A to G scale with the dwelling's class today and, when given, after the works."""
    row, width = 17, 330
    parts = []
    for index, letter in enumerate("ABCDEFG"):
        y = 4 + index * row
        bar = 70 + index * 22
        parts.append(f'<rect x="0" y="{y}" width="{bar}" height="{row - 3}" rx="2" fill="{LABEL_COLOURS[letter]}"/>')
        parts.append(_text(6, y + 11, letter, 10, "bold", fill="#ffffff" if letter in "ABFG" else INK))
        marks = []
        if letter == before:
            marks.append("aujourd'hui")
        if after and letter == after:
            marks.append("après travaux")
        if marks:
            parts.append(f'<path d="M{bar + 6} {y + 7} l8 -6 v12 z" fill="{INK}"/>')
            parts.append(_text(bar + 18, y + 11, " · ".join(marks), 9, "bold"))
    return _svg(width, 4 + 7 * row, title, "".join(parts))


def bars(items: list[tuple[str, float]], *, unit: str, title: str, width: int = 600) -> str:
    """Horizontal bars, one per (label, value), each with its value written at its end."""
    if not items:
        return ""
    row, label_width = 20, 230
    top = max(max(value for _label, value in items), 1)
    scale = (width - label_width - 110) / top
    parts = []
    for index, (label, value) in enumerate(items):
        y = 4 + index * row
        length = max(value, 0) * scale
        parts.append(_text(0, y + 12, label if len(label) <= 44 else label[:43] + "…", 9))
        parts.append(f'<rect x="{label_width}" y="{y + 2}" width="{length:.1f}" height="{row - 7}" fill="{BAR}"/>')
        parts.append(_text(label_width + length + 4, y + 12, f"{_fr(value)} {unit}", 9, "bold"))
    return _svg(width, 8 + len(items) * row, title, "".join(parts))


def _fr(value: float) -> str:
    """A whole number in French typography (narrow no-break space between thousands)."""
    return f"{round(value):,}".replace(",", "\u202f").replace("-", "−")

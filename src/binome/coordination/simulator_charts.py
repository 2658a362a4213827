"""The simulator's charts as plain SVG geometry (drawn by the templates: no script, nothing inline to allow
in the Content-Security-Policy). Each scenario has a colour class ``series--N`` set in simulator.css."""

import math
from collections.abc import Sequence

from binome.planning.simulator import DELAY_LABELS, WEEKS_PER_YEAR, Report


WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 36


def _n(value: float) -> str:
    """An SVG coordinate: a dot for the decimals whatever the language (templates would localise a float)."""
    return f"{value:.1f}"


def nice_ceiling(value: float) -> float:
    """A round top for an axis: 1, 2, 2.5 or 5 times a power of ten, above ``value``."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _ticks(top: float) -> list[dict]:
    """Five or four even steps, whichever gives round labels (0, 1, 2… or 0, 0.5, 1…)."""
    height = HEIGHT - TOP - BOTTOM
    mantissa = round(top / 10 ** math.floor(math.log10(top)), 3) if top > 0 else 1
    count = 4 if mantissa == 2 else 5
    return [
        {"y": _n(TOP + height - height * i / count), "x": _n(LEFT - 6), "label": _fmt(top * i / count)}
        for i in range(count + 1)
    ]


def _fmt(value: float) -> str:
    text = f"{value:.1f}" if value % 1 else f"{value:.0f}"
    return text.replace(".", ",")


def _scale(value: float, top: float) -> float:
    height = HEIGHT - TOP - BOTTOM
    return TOP + height - height * min(value, top) / top


def rate_chart(reports: Sequence[Report], part: str, target: float) -> dict:
    """Visits per 1,000 households per year and scenario (median bar, 10–90 % whisker), with the target line."""
    years = [row.year for row in reports[0].covered]
    rows = [(r.covered if part == "covered" else r.territory) for r in reports]
    top = nice_ceiling(max([target * 1.2] + [row.per_thousand.high for series in rows for row in series]))
    group = (WIDTH - LEFT - RIGHT) / len(years)
    bar = min(28.0, group * 0.8 / len(reports))
    bars, labels = [], []
    for y_index, year in enumerate(years):
        start = LEFT + group * y_index + (group - bar * len(reports)) / 2
        labels.append({"x": _n(LEFT + group * (y_index + 0.5)), "label": str(year)})
        for s_index, series in enumerate(rows):
            figures = series[y_index]
            x = start + bar * s_index
            y = _scale(figures.per_thousand.median, top)
            bars.append(
                {
                    "x": _n(x + 1),
                    "y": _n(y),
                    "width": _n(bar - 2),
                    "height": _n(HEIGHT - BOTTOM - y),
                    "series": s_index,
                    "cx": _n(x + bar / 2),
                    "low": _n(_scale(figures.per_thousand.low, top)),
                    "high": _n(_scale(figures.per_thousand.high, top)),
                    "value": _fmt(round(figures.per_thousand.median, 2)),
                    "reached": figures.per_thousand.median >= target,
                }
            )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "bars": bars,
        "labels": labels,
        "ticks": _ticks(top),
        "target_y": _n(_scale(target, top)),
        "target_label_y": _n(_scale(target, top) - 5),
        "label_y": HEIGHT - BOTTOM + 20,
        "target": _fmt(target),
    }


def waiting_chart(reports: Sequence[Report]) -> dict:
    """Requests waiting (queue and deferred) week by week: median line and 10–90 % band per scenario."""
    weeks = len(reports[0].waiting_by_week)
    top = nice_ceiling(max([1.0] + [b.high for r in reports for b in r.waiting_by_week]))
    step = (WIDTH - LEFT - RIGHT) / max(1, weeks - 1)

    def x(week):
        return LEFT + step * week

    series = []
    for index, report in enumerate(reports):
        line = " ".join(f"{x(w):.1f},{_scale(b.median, top):.1f}" for w, b in enumerate(report.waiting_by_week))
        upper = [f"{x(w):.1f},{_scale(b.high, top):.1f}" for w, b in enumerate(report.waiting_by_week)]
        lower = [f"{x(w):.1f},{_scale(b.low, top):.1f}" for w, b in enumerate(report.waiting_by_week)]
        series.append({"series": index, "line": line, "band": " ".join(upper + lower[::-1])})
    years = weeks // WEEKS_PER_YEAR
    first_year = reports[0].scenario.start_year
    labels = [
        {"x": _n(x(y * WEEKS_PER_YEAR + WEEKS_PER_YEAR / 2)), "label": str(first_year + y)} for y in range(years)
    ]
    dividers = [_n(x(y * WEEKS_PER_YEAR)) for y in range(1, years)]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "top": TOP,
        "label_y": HEIGHT - BOTTOM + 20,
        "series": series,
        "labels": labels,
        "dividers": dividers,
        "ticks": _ticks(top),
    }


def delay_chart(reports: Sequence[Report]) -> list[dict]:
    """Per scenario, the share of visits in each delay class over the whole period (stacked, in %)."""
    result = []
    for index, report in enumerate(reports):
        counts = [0.0] * len(DELAY_LABELS)
        total = 0.0
        for figures in report.territory:
            visits = figures.visits.median
            total += visits
            for k, share in enumerate(figures.delay_shares):
                counts[k] += share * visits
        shares = [c / total * 100 if total else 0.0 for c in counts]
        offset, parts = 0.0, []
        for k, share in enumerate(shares):
            parts.append(
                {
                    "klass": k,
                    "x": f"{offset:.3f}",
                    "width": f"{share:.3f}",
                    "label": DELAY_LABELS[k],
                    "share": round(share),
                }
            )
            offset += share
        result.append({"series": index, "name": report.scenario.name, "parts": parts})
    return result

"""Monthly heating degree-hours (DH19) for the Jura, climate zone H1c, used to weight heating bills.

Source: 3CL-DPE 2021 climate tables (Open3CL/engine ``src/tv.js``, table ``dh19``), as summarised in
energy.md §1.2. Only the shape of the year matters here (shares), not the absolute level.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum


class AltitudeClass(StrEnum):
    BELOW_400 = "below_400"
    FROM_400_TO_800 = "400_800"
    ABOVE_800 = "above_800"

    @property
    def label(self) -> str:
        return {
            AltitudeClass.BELOW_400: "moins de 400 m",
            AltitudeClass.FROM_400_TO_800: "400 à 800 m",
            AltitudeClass.ABOVE_800: "plus de 800 m",
        }[self]


def _months(*values: str) -> tuple[Decimal, ...]:
    assert len(values) == 12
    return tuple(Decimal(v) for v in values)


#: DH19 (°C·h) per calendar month, January first, H1c, ilpa = 0.
MONTHLY_DH19: dict[AltitudeClass, tuple[Decimal, ...]] = {
    AltitudeClass.BELOW_400: _months(
        "10855.3", "9690.3", "7369.8", "5072.2", "2340.3", "410", "0", "0", "0", "3330.7", "7720.0", "10884.4"
    ),
    AltitudeClass.FROM_400_TO_800: _months(
        "12341.2", "11034.3", "8843.1", "6396.5", "3424.8", "2088.6", "0", "0", "1398.1", "5280.4", "9154.2", "12372.4"
    ),
    # [verify] The monthly table above 800 m is not in energy.md; the 400–800 m profile is used for its shape
    # (annual 86 616 °C·h vs 72 334 °C·h: the level differs, the seasonal shape is close).
    AltitudeClass.ABOVE_800: _months(
        "12341.2", "11034.3", "8843.1", "6396.5", "3424.8", "2088.6", "0", "0", "1398.1", "5280.4", "9154.2", "12372.4"
    ),
}

SOURCE = "Open3CL/engine src/tv.js (table dh19), zone H1c — energy.md §1.2"


def annual_dh19(altitude: AltitudeClass) -> Decimal:
    return sum(MONTHLY_DH19[altitude], Decimal(0))


def degree_hour_share(start: date, end: date, altitude: AltitudeClass) -> Decimal:
    """Share of a typical year's heating degree-hours that falls in the days ``[start, end)``.

    Each day counts ``DH19_month / days_in_month``; the result is divided by the annual DH19, so a
    whole calendar year gives 1 (a leap February spreads the same monthly DH over 29 days).
    """
    if end < start:
        raise ValueError("La date de fin précède la date de début.")
    monthly = MONTHLY_DH19[altitude]
    total = Decimal(0)
    cursor = start
    while cursor < end:
        days_in_month = calendar.monthrange(cursor.year, cursor.month)[1]
        month_end = date(cursor.year, cursor.month, days_in_month) + timedelta(days=1)
        stop = min(end, month_end)
        total += monthly[cursor.month - 1] * (stop - cursor).days / days_in_month
        cursor = stop
    return total / annual_dh19(altitude)


def is_heating_month(month: int, altitude: AltitudeClass) -> bool:
    return MONTHLY_DH19[altitude][month - 1] > 0

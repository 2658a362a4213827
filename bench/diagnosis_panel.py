"""How long the live indicators take on each autosave: compute_panel for households of growing size.

Run: .venv/bin/python bench/diagnosis_panel.py — prints the median and worst time per call (pure Python, no database).
"""

import datetime as dt
import statistics
import time

from binome.diagnosis.panel import compute_panel


def household(bills_per_energy: int) -> dict:
    rows = []
    start = dt.date(2023, 1, 1)
    for energy, unit, price in (("electricite", "kwh", 0.1952), ("gaz_naturel", "kwh", 0.10192), ("eau", "m3", 4.2)):
        for n in range(bills_per_energy):
            begin = start + dt.timedelta(days=30 * n)
            rows.append(
                {
                    "energy": energy,
                    "start": begin.isoformat(),
                    "end": (begin + dt.timedelta(days=30)).isoformat(),
                    "reading": "estimated" if n % 3 == 1 else "real",
                    "quantity": "400",
                    "unit": unit,
                    "amount": f"{400 * price + 12:.2f}",
                    "subscription": "12",
                }
            )
    return {
        "household": {"persons_14_plus": 2, "children_under_14": 2, "rfr": "21000"},
        "resources": {"rows": [{"source": "salary", "amount": "1900", "period": "month"}]},
        "charges": {"rent_or_loan": "520"},
        "dwelling": {"construction_period": "1948_1974", "heated_surface": "95", "dwelling_type": "maison"},
        "envelope": {"walls_insulation": "non", "roof_insulation": "partielle", "glazing": "double"},
        "systems": {"main_heating": "chaudiere_gaz", "hot_water": "chaudiere"},
        "bills": {"rows": rows},
    }


def main():
    today = dt.date(2026, 3, 1)
    for per_energy in (1, 12, 36):
        data = household(per_energy)
        times = []
        for _ in range(30):
            began = time.perf_counter()
            compute_panel(data, year=2026, today=today, unite_name="Champagnole")
            times.append((time.perf_counter() - began) * 1000)
        print(
            f"{3 * per_energy:>3} bills: median {statistics.median(times):6.1f} ms, worst {max(times):6.1f} ms "
            "(indicators + 3CL estimate)"
        )


if __name__ == "__main__":
    main()

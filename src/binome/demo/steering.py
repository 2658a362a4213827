"""The demo's budget lines: the Jura's 492,770 € for 2014–2017 (domain brief, field report) split into its three
usual lines for the two demo years and the current one, with a part of the spend financed by CEE."""

from decimal import Decimal

from binome.steering.models import BudgetLine


# (label, budget, spend, of which CEE) for one year: the four-year budget divided by four.
LINES = [
    ("Animation et coordination (travailleuse sociale)", "70000", "68450.20", "29000"),
    ("Conseiller énergie et déplacements", "45192.50", "44980.75", "20500"),
    ("Kits et petits équipements", "8000", "6912.40", "6912.40"),
]


def load_steering_demo(programme, users, years) -> list[BudgetLine]:
    return BudgetLine.objects.bulk_create(
        BudgetLine(
            programme=programme,
            year=year,
            label=label,
            budget=Decimal(budget),
            spend=Decimal(spend),
            cee_share=Decimal(cee),
            updated_by=users.coordinator,
        )
        for year in years
        for label, budget, spend, cee in LINES
    )

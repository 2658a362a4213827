"""Annualisation of household bills, per energy and for water (energy.md §2.4).

Rules implemented:

1. Bills are read as meter readings: ``period_start`` and ``period_end`` are the dates of the start and end
   readings (the period covers the days ``[period_start, period_end)``), ``estimated`` says whether the *end*
   reading is an estimate. An estimated bill followed, without gap, by bills ending on a real reading is exact
   once summed with them (the estimated index cancels out). Estimated bills that no later real reading confirms
   are dropped when real readings exist; when everything is estimated they are kept and the result is "low".
2. Heating energies: consumption = base load (constant per day) + heating part. The heating part is annualised by
   the share of a typical year's degree-hours (DH19, Jura H1c) falling in the covered days; the base load by
   365 days. The base load comes from the caller (``base_load_kwh_per_day``) or from real bills lying entirely in
   months without heating (July–August); otherwise the whole consumption is weighted as heating (said in the
   explanation).
3. Non-heating energies and water: pro-rata temporis (365 / covered days).
4. Delivered fuels (fuel oil, propane, logs, pellets): quantity delivered after the first fill, divided by the
   time between the first and last fills (degree-hour weighting when they are less than a year apart).
5. Subscription is kept apart from consumption and annualised pro-rata temporis.

All sums are computed over the whole covered period, so splitting a consumption into more bills does not change
the yearly figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from binome.energy.climate_weights import AltitudeClass, degree_hour_share
from binome.energy.units import Energy, Unit, format_eur, format_fr, format_pct, to_common_unit


D = Decimal
ZERO = Decimal(0)
DAYS_PER_YEAR = 365
SHORT_PERIOD_DAYS = 90
KWH_QUANTUM = D("0.1")
EUR_QUANTUM = D("0.01")


class BillError(ValueError):
    """Bills that cannot be annualised as given (overlap, mixed energies…); French message."""


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def label(self) -> str:
        return {
            Confidence.HIGH: "fiabilité bonne",
            Confidence.MEDIUM: "fiabilité moyenne",
            Confidence.LOW: "fiabilité faible",
        }[self]

    @property
    def rank(self) -> int:
        return {Confidence.HIGH: 2, Confidence.MEDIUM: 1, Confidence.LOW: 0}[self]


def worst(confidences: Iterable[Confidence]) -> Confidence:
    return min(confidences, key=lambda c: c.rank, default=Confidence.LOW)


@dataclass(frozen=True)
class Bill:
    """One bill (or one pair of meter readings).

    ``amount_eur`` is the bill total TTC for the period, subscription included; ``subscription_eur`` is the part
    of it that is the subscription (abonnement). ``estimated`` refers to the end reading.
    ``gas_kwh_per_m3``: conversion coefficient printed on a gas bill in m³ (kWh PCS per m³).
    """

    energy: Energy
    period_start: date
    period_end: date
    quantity: Decimal
    unit: Unit
    amount_eur: Decimal
    subscription_eur: Decimal = D(0)
    estimated: bool = False
    gas_kwh_per_m3: Decimal | None = None

    @property
    def days(self) -> int:
        return (self.period_end - self.period_start).days


@dataclass(frozen=True)
class MeterReading:
    reading_date: date
    index: Decimal
    estimated: bool = False


def bills_from_readings(
    energy: Energy,
    unit: Unit,
    readings: Sequence[MeterReading],
    *,
    price_per_unit: Decimal = ZERO,
    subscription_per_year: Decimal = ZERO,
    gas_kwh_per_m3: Decimal | None = None,
) -> list[Bill]:
    """Turn a series of meter readings into consecutive bills (amounts from a unit price and a yearly subscription)."""
    ordered = sorted(readings, key=lambda r: r.reading_date)
    bills = []
    for previous, current in zip(ordered, ordered[1:], strict=False):
        days = (current.reading_date - previous.reading_date).days
        if days <= 0:
            raise BillError(f"Deux relevés portent la même date ({current.reading_date:%d/%m/%Y}).")
        quantity = D(current.index) - D(previous.index)
        if quantity < 0:
            raise BillError(f"L'index du {current.reading_date:%d/%m/%Y} est inférieur au précédent.")
        subscription = D(subscription_per_year) * days / DAYS_PER_YEAR
        bills.append(
            Bill(
                energy=energy,
                period_start=previous.reading_date,
                period_end=current.reading_date,
                quantity=quantity,
                unit=unit,
                amount_eur=quantity * D(price_per_unit) + subscription,
                subscription_eur=subscription,
                estimated=current.estimated,
                gas_kwh_per_m3=gas_kwh_per_m3,
            )
        )
    return bills


@dataclass(frozen=True)
class Delivery:
    """A delivery of fuel oil, propane, logs or pellets.

    ``full_fill``: the tank or stock was topped up to the same level as at the previous delivery.
    """

    energy: Energy
    delivery_date: date
    quantity: Decimal
    unit: Unit
    amount_eur: Decimal
    full_fill: bool = True


@dataclass(frozen=True)
class EnergyYear:
    """Yearly consumption and spending for one energy (or water)."""

    energy: Energy
    yearly_kwh: Decimal | None  # kWh PCI; None for water
    yearly_m3: Decimal | None  # water only
    yearly_quantity: Decimal | None  # in ``quantity_unit`` when all inputs shared one unit
    quantity_unit: Unit | None
    yearly_consumption_eur: Decimal
    yearly_subscription_eur: Decimal
    yearly_eur: Decimal
    confidence: Confidence
    covered_days: int
    period_start: date
    period_end: date
    explanation: str


@dataclass(frozen=True)
class BillsSummary:
    energies: tuple[EnergyYear, ...]
    water: EnergyYear | None
    total_kwh: Decimal
    total_energy_eur: Decimal  # energies only (the TEE numerator); water excluded
    total_eur: Decimal  # energies + water
    confidence: Confidence  # worst confidence among energies
    explanation: str


# ---------------------------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------------------------


def _q(value: Decimal, quantum: Decimal) -> Decimal:
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def _fmt_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _intervals(bills: Sequence[Bill]) -> list[tuple[date, date]]:
    """Union of bill periods; a one-day gap (bills printed with inclusive end dates) is joined."""
    spans: list[list[date]] = []
    for bill in sorted(bills, key=lambda b: b.period_start):
        if spans and bill.period_start <= spans[-1][1] + timedelta(days=1):
            spans[-1][1] = max(spans[-1][1], bill.period_end)
        else:
            spans.append([bill.period_start, bill.period_end])
    return [(start, end) for start, end in spans]


def _validate(bills: Sequence[Bill]) -> list[Bill]:
    if not bills:
        raise BillError("Aucune facture à analyser.")
    energies = {Energy(b.energy) for b in bills}
    if len(energies) > 1:
        raise BillError("Les factures doivent porter sur une seule énergie à la fois.")
    ordered = sorted(bills, key=lambda b: (b.period_start, b.period_end))
    for bill in ordered:
        if bill.period_end <= bill.period_start:
            raise BillError(
                f"La facture du {_fmt_date(bill.period_start)} a une date de fin qui n'est pas postérieure au début."
            )
        if D(bill.quantity) < 0 or D(bill.amount_eur) < 0 or D(bill.subscription_eur) < 0:
            raise BillError(f"La facture du {_fmt_date(bill.period_start)} contient une valeur négative.")
        if D(bill.subscription_eur) > D(bill.amount_eur):
            raise BillError(
                f"Facture du {_fmt_date(bill.period_start)} : l'abonnement dépasse le montant total de la facture."
            )
    for previous, current in zip(ordered, ordered[1:], strict=False):
        if current.period_start < previous.period_end:
            raise BillError(
                f"Les factures du {_fmt_date(previous.period_start)} et du {_fmt_date(current.period_start)} "
                "se chevauchent : retirez le doublon."
            )
    return ordered


def _confirmed(ordered: Sequence[Bill]) -> list[bool]:
    """True for bills whose consumption is exact: real end reading, or estimated but followed without gap by
    bills that end on a real reading."""
    confirmed = [False] * len(ordered)
    real_ahead = False
    for i in range(len(ordered) - 1, -1, -1):
        contiguous_with_next = i + 1 < len(ordered) and ordered[i + 1].period_start <= ordered[
            i
        ].period_end + timedelta(days=1)
        if not contiguous_with_next:
            real_ahead = False
        if not ordered[i].estimated:
            real_ahead = True
        confirmed[i] = real_ahead
    return confirmed


# ---------------------------------------------------------------------------------------------------------------
# metered energies and water
# ---------------------------------------------------------------------------------------------------------------


def annualise_bills(
    bills: Sequence[Bill],
    *,
    heating: bool = False,
    base_load_kwh_per_day: Decimal | None = None,
    altitude: AltitudeClass = AltitudeClass.FROM_400_TO_800,
) -> EnergyYear:
    """Annualise the bills of one energy (or of water).

    ``heating``: the energy heats the dwelling (degree-hour weighting); ignored for water.
    ``base_load_kwh_per_day``: non-heating consumption (hot water, cooking, appliances), in kWh PCI per day.
    ``altitude``: altitude class of the dwelling (climate weights of the Jura, zone H1c).
    """
    ordered = _validate(bills)
    energy = Energy(ordered[0].energy)
    is_water = energy is Energy.WATER
    heating = heating and not is_water
    kept, all_estimated, notes = _confirmed_bills(ordered)

    amounts = [to_common_unit(b.quantity, b.unit, energy, gas_kwh_per_m3=b.gas_kwh_per_m3) for b in kept]
    quantity = sum(amounts, D(0))
    consumption_eur = sum((D(b.amount_eur) - D(b.subscription_eur) for b in kept), D(0))
    subscription_eur = sum((D(b.subscription_eur) for b in kept), D(0))
    intervals = _intervals(kept)
    days = sum((end - start).days for start, end in intervals)
    start, end = intervals[0][0], intervals[-1][1]
    unit_word = "m³" if is_water else "kWh"
    gap_note = " (avec des interruptions)" if len(intervals) > 1 else ""
    notes.insert(
        0,
        f"{energy.label.capitalize()} : {format_fr(quantity, 1 if is_water else 0)} {unit_word} consommés sur {days} "
        f"jours, du {_fmt_date(start)} au {_fmt_date(end)}{gap_note}.",
    )

    share = sum((degree_hour_share(s, e, altitude) for s, e in intervals), D(0)) if heating else None
    outside_season = heating and share == 0
    if not heating or outside_season:
        yearly = _prorata_year(quantity, days, outside_season, is_water, notes)
    else:
        base = None if base_load_kwh_per_day is None else D(base_load_kwh_per_day)
        yearly = _heating_year(kept, amounts, quantity, days, share, base, altitude, notes)

    if quantity > 0:
        yearly_consumption_eur = consumption_eur * yearly / quantity
    else:
        yearly_consumption_eur = consumption_eur * DAYS_PER_YEAR / days
    yearly_subscription_eur = subscription_eur * DAYS_PER_YEAR / days
    yearly_eur = yearly_consumption_eur + yearly_subscription_eur
    notes.append(
        f"Dépense annuelle : {format_eur(yearly_consumption_eur)} de consommation + "
        f"{format_eur(yearly_subscription_eur)} d'abonnement = {format_eur(yearly_eur)}."
    )
    yearly_quantity, quantity_unit = _native_quantity(kept, yearly, quantity)
    confidence = _bills_confidence(days, all_estimated, outside_season, heating and base_load_kwh_per_day is None)
    notes.append(_confidence_sentence(confidence, days, all_estimated, outside_season))

    return EnergyYear(
        energy=energy,
        yearly_kwh=None if is_water else _q(yearly, KWH_QUANTUM),
        yearly_m3=_q(yearly, KWH_QUANTUM) if is_water else None,
        yearly_quantity=None if yearly_quantity is None else _q(yearly_quantity, KWH_QUANTUM),
        quantity_unit=quantity_unit,
        yearly_consumption_eur=_q(yearly_consumption_eur, EUR_QUANTUM),
        yearly_subscription_eur=_q(yearly_subscription_eur, EUR_QUANTUM),
        yearly_eur=_q(yearly_eur, EUR_QUANTUM),
        confidence=confidence,
        covered_days=days,
        period_start=start,
        period_end=end,
        explanation=" ".join(notes),
    )


def _confirmed_bills(ordered: Sequence[Bill]) -> tuple[list[Bill], bool, list[str]]:
    """The bills kept (rule 1), whether every index is an estimate, and the notes saying what was done."""
    notes: list[str] = []
    confirmed = _confirmed(ordered)
    if any(confirmed):
        kept = [b for b, ok in zip(ordered, confirmed, strict=True) if ok]
        dropped = len(ordered) - len(kept)
        if dropped:
            notes.append(
                f"{dropped} facture(s) sur index estimé, non confirmée(s) par un relevé réel, écartée(s)."
                if dropped > 1
                else "1 facture sur index estimé, non confirmée par un relevé réel, a été écartée."
            )
        all_estimated = False
    else:
        kept = list(ordered)
        all_estimated = True
        notes.append("Tous les index sont estimés par le fournisseur : le résultat reste approximatif.")
    merged_estimates = sum(1 for b in kept if b.estimated)
    if merged_estimates and not all_estimated:
        notes.append("Les index estimés suivis d'un relevé réel ont été remplacés par ce relevé.")
    return kept, all_estimated, notes


def _prorata_year(quantity: Decimal, days: int, outside_season: bool, is_water: bool, notes: list[str]) -> Decimal:
    """Rule 3 (and heating bills wholly outside the heating season): 365 / covered days."""
    unit_word = "m³" if is_water else "kWh"
    yearly = quantity * DAYS_PER_YEAR / days
    if outside_season:
        notes.append(
            "La période est entièrement hors saison de chauffe : seule la consommation hors chauffage a pu être "
            f"ramenée à l'année ({format_fr(yearly)} {unit_word}/an), le chauffage n'est pas compté."
        )
    else:
        notes.append(
            f"Ramené à 365 jours au prorata de la durée : {format_fr(yearly, 1 if is_water else 0)} {unit_word}/an."
        )
    return yearly


def _summer_base_load(kept: Sequence[Bill], amounts: Sequence[Decimal], altitude: AltitudeClass) -> Decimal | None:
    """Base load (kWh/day) of real bills lying entirely in months without heating, when they cover 4 weeks."""
    summer = [
        (b, a)
        for b, a in zip(kept, amounts, strict=True)
        if not b.estimated and degree_hour_share(b.period_start, b.period_end, altitude) == 0
    ]
    summer_days = sum(b.days for b, _ in summer)
    if summer_days >= 28:
        return sum((a for _, a in summer), D(0)) / summer_days
    return None


def _heating_year(
    kept: Sequence[Bill],
    amounts: Sequence[Decimal],
    quantity: Decimal,
    days: int,
    share: Decimal,
    base: Decimal | None,
    altitude: AltitudeClass,
    notes: list[str],
) -> Decimal:
    """Rule 2: base load over 365 days plus the heating part weighted by the degree-hours covered."""
    base_origin = "indiquée"
    if base is None:
        base = _summer_base_load(kept, amounts, altitude)
        base_origin = "estimée sur les factures d'été"
    climate = f"zone H1c, {altitude.label}"
    if base is None:
        yearly = quantity / share
        notes.append(
            f"La période représente {format_pct(share)} des besoins de chauffage d'une année type ({climate}) ; "
            f"toute la consommation est traitée comme du chauffage, faute de connaître la consommation de base "
            f"(eau chaude, cuisson, appareils) : {format_fr(yearly)} kWh/an."
        )
        return yearly
    if base * days > quantity:
        base = quantity / days
        notes.append("La consommation de base indiquée dépasse la consommation relevée : elle a été plafonnée.")
    base_part = base * days
    heating_part = quantity - base_part
    yearly_heating = heating_part / share
    yearly_base = base * DAYS_PER_YEAR
    yearly = yearly_heating + yearly_base
    notes.append(
        f"Consommation de base {base_origin} : {format_fr(base, 1)} kWh/jour, soit {format_fr(base_part)} kWh "
        f"sur la période et {format_fr(yearly_base)} kWh/an. Part chauffage : {format_fr(heating_part)} kWh, "
        f"ramenée à l'année selon les degrés-heures ({climate} : la période représente {format_pct(share)} "
        f"des besoins de chauffage d'une année type), soit {format_fr(yearly_heating)} kWh/an. "
        f"Total : {format_fr(yearly)} kWh/an."
    )
    return yearly


def _native_quantity(kept: Sequence[Bill], yearly: Decimal, quantity: Decimal):
    """(yearly quantity, unit) in the bills' own unit when they all share one (and one gas coefficient)."""
    units = {(b.unit, b.gas_kwh_per_m3) for b in kept}
    if len(units) != 1:
        return None, None
    native = sum((D(b.quantity) for b in kept), D(0))
    return (native * yearly / quantity if quantity > 0 else D(0)), Unit(kept[0].unit)


def _bills_confidence(days: int, all_estimated: bool, outside_season: bool, base_guessed: bool) -> Confidence:
    """Low for estimates, short or off-season periods; high from a year of real readings (medium for heating
    whose base load was not given and which covers less than a year)."""
    if all_estimated or days < SHORT_PERIOD_DAYS or outside_season:
        confidence = Confidence.LOW
    elif days >= DAYS_PER_YEAR:  # kept bills are all confirmed unless everything is estimated
        confidence = Confidence.HIGH
    else:
        confidence = Confidence.MEDIUM
    if base_guessed and confidence is Confidence.HIGH and days < DAYS_PER_YEAR:
        confidence = Confidence.MEDIUM
    return confidence


def _confidence_sentence(confidence: Confidence, days: int, all_estimated: bool, outside_season: bool) -> str:
    if confidence is Confidence.HIGH:
        return "Fiabilité bonne : au moins 12 mois couverts par des relevés réels."
    reasons = []
    if all_estimated:
        reasons.append("index estimés")
    if days < SHORT_PERIOD_DAYS:
        reasons.append(f"période courte ({days} jours)")
    if outside_season:
        reasons.append("période hors saison de chauffe")
    if confidence is Confidence.LOW:
        return f"Fiabilité faible : {', '.join(reasons)}."
    return "Fiabilité moyenne : moins de 12 mois de relevés réels."


# ---------------------------------------------------------------------------------------------------------------
# delivered fuels
# ---------------------------------------------------------------------------------------------------------------


def annualise_deliveries(
    deliveries: Sequence[Delivery], *, altitude: AltitudeClass = AltitudeClass.FROM_400_TO_800
) -> EnergyYear:
    """Annualise fuel deliveries: what is delivered after the first fill was burnt between the first and last fills."""
    energy, ordered = _validate_deliveries(deliveries)
    first, last = ordered[0], ordered[-1]
    days = (last.delivery_date - first.delivery_date).days
    if days <= 0:
        raise BillError("Les livraisons doivent être étalées dans le temps (dates différentes).")
    burnt = ordered[1:]
    kwh = sum((to_common_unit(d.quantity, d.unit, energy) for d in burnt), D(0))
    eur = sum((D(d.amount_eur) for d in burnt), D(0))
    units = {d.unit for d in ordered}
    native = sum((D(d.quantity) for d in burnt), D(0)) if len(units) == 1 else None
    unit = Unit(first.unit) if len(units) == 1 else None
    unit_text = unit.label if unit is not None else "kWh"
    shown = native if native is not None else kwh

    notes = [
        f"{energy.label.capitalize()} : {format_fr(shown, 1)} {unit_text} livrés après le premier remplissage "
        f"({_fmt_date(first.delivery_date)}) et jusqu'au dernier ({_fmt_date(last.delivery_date)}), "
        f"soit {days} jours ; "
        "la première livraison n'est pas comptée car elle a été consommée avant."
    ]
    factor = _delivery_factor(first.delivery_date, last.delivery_date, days, altitude, notes)
    yearly_kwh = kwh * factor
    yearly_eur = eur * factor
    yearly_native = None if native is None else native * factor
    if native is not None:
        notes.append(
            f"Consommation annuelle : {format_fr(yearly_native, 1)} {unit_text}, soit {format_fr(yearly_kwh)} kWh."
        )
    else:
        notes.append(f"Consommation annuelle : {format_fr(yearly_kwh)} kWh.")
    notes.append(f"Dépense annuelle : {format_eur(yearly_eur)}.")
    confidence = _deliveries_confidence(days, not all(d.full_fill for d in ordered), notes)

    return EnergyYear(
        energy=energy,
        yearly_kwh=_q(yearly_kwh, KWH_QUANTUM),
        yearly_m3=None,
        yearly_quantity=None if yearly_native is None else _q(yearly_native, KWH_QUANTUM),
        quantity_unit=unit,
        yearly_consumption_eur=_q(yearly_eur, EUR_QUANTUM),
        yearly_subscription_eur=D("0.00"),
        yearly_eur=_q(yearly_eur, EUR_QUANTUM),
        confidence=confidence,
        covered_days=days,
        period_start=first.delivery_date,
        period_end=last.delivery_date,
        explanation=" ".join(notes),
    )


def _validate_deliveries(deliveries: Sequence[Delivery]) -> tuple[Energy, list[Delivery]]:
    """The energy of the deliveries and the deliveries in date order; BillError when they cannot be annualised."""
    if len(deliveries) < 2:
        raise BillError(
            "Au moins deux livraisons sont nécessaires pour estimer une consommation annuelle "
            "(ou saisissez la consommation d'une saison comme une facture)."
        )
    energies = {Energy(d.energy) for d in deliveries}
    if len(energies) > 1:
        raise BillError("Les livraisons doivent porter sur une seule énergie à la fois.")
    ordered = sorted(deliveries, key=lambda d: d.delivery_date)
    for delivery in ordered:
        if D(delivery.quantity) < 0 or D(delivery.amount_eur) < 0:
            raise BillError(f"La livraison du {_fmt_date(delivery.delivery_date)} contient une valeur négative.")
    return energies.pop(), ordered


def _delivery_factor(first: date, last: date, days: int, altitude: AltitudeClass, notes: list[str]) -> Decimal:
    """Rule 4: pro rata temporis over a year or more, degree-hour weighting when the fills are less than a year
    apart."""
    if days >= DAYS_PER_YEAR:
        notes.append(f"Ramené à l'année au prorata du temps écoulé ({format_fr(D(days) / DAYS_PER_YEAR, 2)} ans).")
        return D(DAYS_PER_YEAR) / days
    share = degree_hour_share(first, last, altitude)
    if share == 0:
        raise BillError("Les livraisons encadrent une période sans chauffage : impossible d'en déduire une année.")
    notes.append(
        f"Moins d'un an entre les livraisons : ramené à l'année selon les degrés-heures (zone H1c, "
        f"{altitude.label} ; la période représente {format_pct(share)} des besoins de chauffage d'une année type)."
    )
    return 1 / share


def _deliveries_confidence(days: int, partial: bool, notes: list[str]) -> Confidence:
    if days < SHORT_PERIOD_DAYS:
        notes.append(f"Fiabilité faible : livraisons trop rapprochées ({days} jours).")
        return Confidence.LOW
    if days >= DAYS_PER_YEAR and not partial:
        notes.append("Fiabilité bonne : plus d'un an entre des remplissages complets.")
        return Confidence.HIGH
    reason = "remplissages partiels (niveau de la cuve ou du stock inconnu)" if partial else "moins d'un an de recul"
    notes.append(f"Fiabilité moyenne : {reason}.")
    return Confidence.MEDIUM


# ---------------------------------------------------------------------------------------------------------------
# household total
# ---------------------------------------------------------------------------------------------------------------


def summarise(results: Iterable[EnergyYear]) -> BillsSummary:
    """Add up per-energy results (water is reported apart and excluded from the energy total)."""
    results = list(results)
    energies = tuple(r for r in results if r.energy is not Energy.WATER)
    waters = [r for r in results if r.energy is Energy.WATER]
    if len(waters) > 1:
        raise BillError("Un seul résultat pour l'eau est attendu.")
    water = waters[0] if waters else None
    seen = [r.energy for r in energies]
    if len(seen) != len(set(seen)):
        raise BillError("Une même énergie apparaît deux fois : regroupez ses factures.")
    total_kwh = sum((r.yearly_kwh or D(0) for r in energies), D("0.0"))
    total_energy_eur = sum((r.yearly_eur for r in energies), D("0.00"))
    total_eur = total_energy_eur + (water.yearly_eur if water else D(0))
    confidence = worst(r.confidence for r in energies) if energies else Confidence.LOW
    parts = [f"{r.energy.label} {format_eur(r.yearly_eur)}" for r in energies]
    if energies:
        text = (
            f"Dépense d'énergie annuelle estimée : {format_eur(total_energy_eur)} "
            f"({', '.join(parts)}) pour {format_fr(total_kwh)} kWh ; {confidence.label}."
        )
    else:
        text = "Aucune facture d'énergie n'a été saisie."
    if water is not None:
        text += f" Eau (hors énergie) : {format_eur(water.yearly_eur)} par an."
    return BillsSummary(
        energies=energies,
        water=water,
        total_kwh=total_kwh,
        total_energy_eur=total_energy_eur,
        total_eur=total_eur,
        confidence=confidence,
        explanation=text,
    )


def annualise_household(
    bills: Sequence[Bill] = (),
    deliveries: Sequence[Delivery] = (),
    *,
    heating_energies: Iterable[Energy] = (),
    base_loads_kwh_per_day: Mapping[Energy, Decimal] | None = None,
    altitude: AltitudeClass = AltitudeClass.FROM_400_TO_800,
) -> BillsSummary:
    """Group bills and deliveries by energy, annualise each and add them up."""
    heating_set = {Energy(e) for e in heating_energies}
    base_loads = {Energy(k): D(v) for k, v in (base_loads_kwh_per_day or {}).items()}
    by_energy: dict[Energy, list[Bill]] = {}
    for bill in bills:
        by_energy.setdefault(Energy(bill.energy), []).append(bill)
    delivered: dict[Energy, list[Delivery]] = {}
    for delivery in deliveries:
        delivered.setdefault(Energy(delivery.energy), []).append(delivery)
    both = set(by_energy) & set(delivered)
    if both:
        names = ", ".join(sorted(e.label for e in both))
        raise BillError(f"Saisissez soit des factures, soit des livraisons pour : {names}.")
    results = [
        annualise_bills(
            group,
            heating=energy in heating_set,
            base_load_kwh_per_day=base_loads.get(energy),
            altitude=altitude,
        )
        for energy, group in by_energy.items()
    ]
    results += [annualise_deliveries(group, altitude=altitude) for group in delivered.values()]
    return summarise(results)

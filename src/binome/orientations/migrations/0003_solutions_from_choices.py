"""Data: every programme gets the default solution catalogue, and each existing orientation's free-choice solution
becomes the catalogue entry of its kind; a partner typed as text that is exactly the name of an organisation of the
programme's directory becomes that organisation. The catalogue is frozen here as it was on this date."""

from django.db import migrations


# (kind, name, engaging) — the names and kinds of ``catalogue.DEFAULTS`` when this migration was written.
CATALOGUE = [
    ("works_aid", "Rénovation avec France Rénov' (MaPrimeRénov')", True),
    ("local_works_fund", "Fonds local pour petits travaux", True),
    ("self_rehab", "Auto-réhabilitation accompagnée", True),
    ("fsl", "Fonds de solidarité pour le logement (FSL) énergie ou eau", True),
    ("cheque_energie", "Chèque énergie", True),
    ("payment_plan", "Échéancier avec le fournisseur", False),
    ("energy_ombudsman", "Médiateur national de l'énergie", False),
    ("landlord_mediation", "Médiation avec le bailleur", True),
    ("non_decency", "Non-décence : signalement à la CAF ou à la MSA", True),
    ("insalubrity", "Insalubrité : ARS, Signal Logement", True),
    ("budget_support", "Point conseil budget", False),
    ("social_support", "Accompagnement social lié au logement (ASLL)", False),
    ("legal_advice", "Conseil juridique (ADIL)", False),
    ("equipment", "Remplacement d'équipement", True),
    ("contract_adjustment", "Changement de contrat ou de puissance", False),
    ("other", "Autre solution", False),
]
# The old choices that have no kind of their own.
OLD_KIND = {"small_works": "local_works_fund"}
# Going back: the new kinds the old choices did not have.
BACK_KIND = {
    "local_works_fund": "small_works",
    "self_rehab": "small_works",
    "energy_ombudsman": "payment_plan",
    "legal_advice": "other",
}


def forwards(apps, schema_editor):
    Programme = apps.get_model("territory", "Programme")
    Solution = apps.get_model("orientations", "Solution")
    Orientation = apps.get_model("orientations", "Orientation")
    Organisation = apps.get_model("network", "Organisation")
    for programme in Programme.objects.all():
        if Solution.objects.filter(programme=programme).exists():
            continue
        Solution.objects.bulk_create(
            Solution(programme=programme, kind=kind, name=name, engaging=engaging, position=index)
            for index, (kind, name, engaging) in enumerate(CATALOGUE)
        )
    for orientation in Orientation.objects.select_related("dossier").iterator():
        programme_id = orientation.dossier.programme_id
        kind = OLD_KIND.get(orientation.solution, orientation.solution)
        entry = Solution.objects.filter(programme_id=programme_id, kind=kind).order_by("position").first()
        if entry is None:
            entry = Solution.objects.get(programme_id=programme_id, kind="other")
        orientation.catalogue_entry = entry
        orientation.status_changed_at = orientation.created_at
        if orientation.partner_name:
            organisation = Organisation.objects.filter(
                programme_id=programme_id, name=orientation.partner_name.strip()
            ).first()
            if organisation is not None:
                orientation.organisation, orientation.partner_name = organisation, ""
        orientation.save(update_fields=["catalogue_entry", "status_changed_at", "organisation", "partner_name"])


def backwards(apps, schema_editor):
    Orientation = apps.get_model("orientations", "Orientation")
    for orientation in Orientation.objects.select_related("catalogue_entry", "organisation").iterator():
        kind = orientation.catalogue_entry.kind if orientation.catalogue_entry_id else "other"
        orientation.solution = BACK_KIND.get(kind, kind)
        if orientation.organisation_id and not orientation.partner_name:
            orientation.partner_name = orientation.organisation.name
        orientation.save(update_fields=["solution", "partner_name"])


class Migration(migrations.Migration):
    dependencies = [("orientations", "0002_catalogue_links_follow_ups")]

    operations = [migrations.RunPython(forwards, backwards)]

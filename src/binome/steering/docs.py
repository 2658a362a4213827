"""How each figure of the dashboard and of the bilan is computed ("comment est calculé ce chiffre")."""

DEFINITIONS = [
    (
        "Demandes",
        "Une demande compte dans la période de sa date de demande (date de réception de la fiche), "
        "par famille de source (fixée à la réception) et par organisation du donneur d'alerte.",
    ),
    (
        "Visites",
        "Un ménage visité compte dans la période de sa première visite réalisée (événement « Visite réalisée » "
        "du dossier). Visites par semaine : visites ÷ 52 pour une année civile, visites ÷ (jours de la période "
        "÷ 7) sinon ; la capacité du binôme est celle de l'agenda (visites par semaine).",
    ),
    (
        "Visites pour 1 000 ménages",
        "Visites × 1 000 ÷ ménages des unités territoriales couvertes pendant la période (plan de couverture ; "
        "toutes les UT si le plan ne dit rien de ces années ; l'UT choisie si une UT est choisie). Les ménages par "
        "UT sont un chiffre du programme (recensement). Objectif national : 2 pour 1 000.",
    ),
    (
        "Reports à l'an prochain",
        "Un report compte dans la période où il a été décidé ; « visités plus tard » compte ceux de ces dossiers "
        "reportés qui ont été visités à une date postérieure, quelle qu'elle soit.",
    ),
    (
        "Fins sans visite",
        "Désistement, ménage injoignable, non éligible, réorienté : chacune compte dans la période de la fin, une "
        "fois par dossier et par type de fin.",
    ),
    (
        "Délais",
        "En jours de calendrier, entre les dates (jour, heure de Paris) des deux étapes lues sur l'historique du "
        "dossier : demande → visite sur les visites de la période ; demande → premier appel abouti sur les "
        "premiers appels aboutis de la période ; visite → compte-rendu envoyé sur les envois de la période. "
        'Médiane : statistics.median ; 90e centile : statistics.quantiles(n=10, method="inclusive")[8] '
        "(la valeur elle-même quand il n'y en a qu'une).",
    ),
    (
        "Parcours",
        "Les demandes de la période, et combien d'entre elles ont atteint chaque étape à n'importe quelle date : "
        "ménage joint (appel abouti, visite programmée ou faite), visité, compte-rendu envoyé, orientations "
        "soldées (dossier clôturé, ce qui exige que chaque orientation soit soldée).",
    ),
    (
        "Liste d'attente",
        "Les dossiers en liste d'attente ou reportés aujourd'hui, quelle que soit la période choisie.",
    ),
    (
        "Orientations",
        "Les orientations proposées pendant la période, par solution du catalogue et par statut actuel.",
    ),
    (
        "Taux de suivi",
        "Les quatre taux nationaux (page Résultats) sur les ménages dont le compte-rendu a été envoyé pendant les "
        "années de la période (et dans l'UT choisie).",
    ),
    (
        "Coûts",
        "Kit par ménage visité : somme, sur les dossiers dont la première visite tombe dans la période, des "
        "équipements posés (quantité × coût unitaire actuel de l'article du kit), divisée par ces ménages visités "
        "(équipés ou non). Budget, dépense et part financée par les certificats d'économies d'énergie (CEE) : "
        "sommes des lignes budgétaires saisies par le programme pour les années que touche la période (le budget "
        "est celui du programme : il n'est pas réparti par UT). Coût par ménage visité : dépense ÷ ménages dont la "
        "première visite tombe dans ces années entières.",
    ),
]

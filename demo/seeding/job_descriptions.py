"""The demo's job descriptions: what a contact centre tells candidates about its customer-adviser jobs, in French,
as employers write them (the selection process of a mass recruitment: an information session, France Travail's
MRS tests, then an interview)."""

CONTACT_CENTRE_JOB = (
    "Vous répondez aux appels des clients d'un fournisseur d'énergie : questions sur leur facture, "
    "déménagement, changement d'offre.\n"
    "Vous traitez aussi leurs demandes écrites (courriels, messagerie instantanée) et suivez chaque dossier "
    "jusqu'à sa résolution, avec l'appui d'un superviseur et d'une équipe de douze conseillers."
)
BILINGUAL_JOB = (
    "Vous accompagnez en anglais et en français les clients d'une compagnie aérienne : réservations, "
    "modifications de vol, bagages.\n"
    "Vous répondez au téléphone et par écrit, et orientez les demandes complexes vers le service concerné."
)
CONTACT_CENTRE_PROFILE = (
    "Aisance à l'oral, écoute et patience ; à l'aise avec un ordinateur (saisie, plusieurs fenêtres ouvertes).\n"
    "Débutants bienvenus : la formation avant l'embauche (POEC) apprend le métier et les outils."
)
CONTACT_CENTRE_SELECTION = (
    "Information collective sur le plateau, le matin (1 h 30), puis tests MRS chez France Travail "
    "(une demi-journée, sans CV ni diplôme demandés), puis un entretien de 30 minutes avec un superviseur."
)
CONTACT_CENTRE_HOURS = (
    "35 heures par semaine, du lundi au vendredi, entre 8 h et 20 h, par roulement (matin ou après-midi).\n"
    "Planning connu trois semaines à l'avance."
)
WEEKEND_HOURS = " Un samedi sur trois travaillé, récupéré dans la semaine."
CONTACT_CENTRE_PLACE = (
    "Plateau à 5 minutes à pied d'une station de métro et de plusieurs lignes de bus ; "
    "parking gratuit pour les voitures et les vélos. Locaux accessibles aux personnes à mobilité réduite."
)
CONTACT_CENTRE_BENEFITS = (
    "Tickets restaurant de 9 €, prime trimestrielle sur objectifs, mutuelle prise en charge à 60 %, "
    "remboursement de la moitié de l'abonnement de transport, comité d'entreprise."
)


def contact_centre_description(*, bilingual: bool, has_weekend_work: bool) -> tuple[tuple[str, object], ...]:
    """A contact centre's job description, as (field, value) pairs of ``StaffingNeed``; the profile sought is
    shown to candidates too, the rest as the defaults have it."""
    return (
        ("job_summary", BILINGUAL_JOB if bilingual else CONTACT_CENTRE_JOB),
        ("profile_sought", CONTACT_CENTRE_PROFILE),
        ("shows_profile_sought", True),
        ("selection_steps", ["information_session", "mrs", "interview"]),
        ("selection_details", CONTACT_CENTRE_SELECTION),
        ("hours_description", CONTACT_CENTRE_HOURS + (WEEKEND_HOURS if has_weekend_work else "")),
        ("place_and_access", CONTACT_CENTRE_PLACE),
        ("benefits", CONTACT_CENTRE_BENEFITS),
    )

"""Ten whole commitments, every field, checked by hand against the source text.

Each expectation below was written by reading the commitment in
``data/source/liasse-des-engagements-2021-12.txt`` (the line numbers given are
the source's), not by copying the parser's output. Where the published text
leaves a choice open, the comment says which documented rule was followed.

Conventions:

* a milestone text ending with "…" is a prefix; otherwise it is the whole text;
* parts are ``kind: (first words, last words, first line, last line)``;
* notes are compared without a leading bullet marker ("- "); a note ending
  with "…" is a prefix;
* a ``None`` organisation key means "not curated: not checked" (the resolver
  then mints a slug of the text, which the resolver's own tests cover);
* programmes, web addresses and legal texts are ``(line, …, text as written)``
  in document order; ``span`` is the commitment's first and last non-blank line.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from ogpgraph.build import load_plan
from ogpgraph.model import Commitment

D = date
ACCESS = "access-to-information"
CIVIC = "civic-participation"
ACCOUNT = "public-accountability"
TECH = "technology-and-innovation"
RESP = "responsible"
OPER = "operational"
AGENCE = "Agence / acteur d'exécution principal"
PORTEUR = "Ministère porteur"


def contact(name, role=None, organisation=None, emails=(), phones=(), kind=RESP, organisation_key=None):
    """A contact as published; ``organisation_key`` is checked only when given."""
    return dict(name=name, role=role, organisation=organisation, emails=list(emails),
                phones=list(phones), kind=kind, organisation_key=organisation_key)


EXPECTED: dict[int, dict] = {
    # ------------------------------------------------------------------ #1
    1: dict(
        title="Politique européenne de soutien aux communs numériques",
        chapter=1,
        span=(45, 122),
        milestone_lines=[(101, 101), (102, 102), (103, 103)],
        # The period is the PFUE, with its dates in parentheses (line 49).
        period=("Présidence française de l'Union européenne (1er janvier 2022 – 30 juin 2022)",
                D(2022, 1, 1), D(2022, 6, 30)),
        lead_heading=AGENCE,
        leads=[("Ambassadeur pour le numérique", None)],
        parts={
            "problem": ("Les principes fondateurs d'Internet sont menacés par les stratégies",
                        "tout en proposant une alternative aux acteurs hégémoniques de l'espace numérique.",
                        59, 61),
            "commitment": ("Dans son effort pour améliorer l'efficacité et la transparence",
                           "durant la Présidence française de l'Union européenne.", 65, 65),
            "solution": ("Comme le rappelle le rapport d'information sur les géants du numérique",
                         "des solutions collaboratives et dont ils assureront la gouvernance.", 69, 80),
            "relevance": ("La promotion des communs numériques permet à la société civile",
                          "puissent être pertinents pour améliorer la redevabilité publique.", 84, 88),
        },
        additional=[("additional", "Budget : plusieurs millions sur 3 ans selon la taille de la fondation",
                     "rendront les marchés numériques plus équitables et plus ouverts pour chacun.", 92, 97)],
        # "Toute personne issue de la société civile…" names no organisation:
        # a sentence, kept as a note (actors.py: a long first part is a note).
        notes=["Toute personne issue de la société civile souhaitant participer à la construction "
               "d'un commun numérique."],
        milestones=[
            ("Rassembler un budget de plusieurs millions d'euros (selon la taille de la fondation) pour "
             "promouvoir les communs numériques à l'échelle de l'Union européenne",
             "Début : Janvier 2022 → Fin : 30 juin 2022", D(2022, 1, 1), D(2022, 6, 30), None),
            ("Organisation d'une conférence sur la souveraineté numérique dans le cadre de la PFUE avec une "
             "valorisation du pilier commun numérique", "Février 2022", D(2022, 2, 1), D(2022, 2, 28), None),
            ("Allouer ce budget dans les projets retenus", "Début : 30 juin 2022 → Fin : 30 juin 2025",
             D(2022, 6, 30), D(2025, 6, 30), None),
        ],
        contacts=[contact("Henri Verdier", "Ambassadeur pour le numérique",
                          emails=["henri.verdier@diplomatie.gouv.fr"])],
        actors=[
            ("Représentation permanente de la France auprès de l'Union européenne (MEAE)", "state", None),
            ("Conseil de l'Union européenne", "state", None),
        ],
        legal=[
            # line 95: circulaire n°6264/SG du 27 avril 2021 du Premier Ministre relative à …
            (95, "circulaire", "6264/SG", D(2021, 4, 27), "circulaire-6264-sg",
             "circulaire n°6264/SG du 27 avril 2021 du Premier Ministre relative à la politique publique de la "
             "donnée, des algorithmes et des codes sources"),
            # line 97: the DSA and DMA, proposals in 2021
            (97, "reglement-ue", None, None, "reglement-ue-2022-2065", "Digital Services Act"),
            (97, "reglement-ue", None, None, "reglement-ue-2022-1925", "Digital Market Act"),
        ],
        # "plusieurs millions d'euros" (lines 76, 92, 101): no figure, no amount.
        money=[],
        web=[],
        programmes=[(49, "presidence-francaise-ue", "Présidence française de l'Union européenne"), (65, "presidence-francaise-ue", "Présidence française de l'Union européenne"),
                    (75, "presidence-francaise-ue", "Présidence française de l'Union européenne"), (102, "presidence-francaise-ue", "PFUE")],
        # participer / société civile; accessibilité de l'information, droit à
        # l'information, données ouvertes, transparence; redevabilité publique;
        # communs numériques.
        ogp_values={ACCESS, CIVIC, ACCOUNT, TECH},
    ),
    # ------------------------------------------------------------------ #3
    3: dict(
        title="Poursuivre et étendre la politique d'ouverture des données",
        chapter=1,
        span=(198, 275),
        milestone_lines=[(249, 249), (250, 250)],
        # No "Date de début…" heading: the line under the title is the period,
        # and it also annotates the commitment (a note).
        period=("Engagement permanent / Contributions aux données ouvertes depuis 2013)", D(2013, 1, 1), None),
        lead_heading=AGENCE,
        leads=[("Directeur du numérique", None)],
        parts={
            "problem": ("- Transparence de l'action publique",
                        "- Lutter contre l'asymétrie informationnelle et « fake news »", 210, 213),
            "commitment": ("L'ouverture des données est une démarche véritablement porteuse de sens",
                           "à l'appel de Christchurch ou aux français de l'étranger, etc.).", 217, 221),
            "solution": ("L'engagement contribuera à résoudre ou réduire les problèmes évoqués",
                         "- Prendre en compte les demandes d'éclaircissements et propositions d'amélioration",
                         225, 231),
            "relevance": ("L'ouverture des données est principalement contributive de la valeur de transparence",
                          "- Réduisant l'asymétrie informationnelle.", 235, 239),
        },
        additional=[("additional", "Les actions relatives à l'ouverture des données sont par ailleurs inscrites",
                     "s'appuie sur les moyens offerts par la DINUM (data.gouv, api .gouv, code.gouv)", 243, 245)],
        notes=["Engagement permanent / Contributions aux données ouvertes depuis 2013)"],
        milestones=[
            ("Pilotage de l'avancement des chantiers d'ouverture (tableau de bord des jeux de données exposés)",
             "Début T1 2021 puis amélioration continue", D(2021, 1, 1), None, None),
            ("Evolution de la communauté d'intérêts autour des données",
             "Début T1 2021 puis amélioration continue", D(2021, 1, 1), None, None),
        ],
        contacts=[
            contact("Fabien Fieschi", "Directeur du numérique", "Direction du numérique",
                    emails=["fabien.fieschi@diplomatie.gouv.fr"]),
            # "M. Jean-Yves Mahé": the civility is not part of the name.
            contact("Jean-Yves Mahé", "Responsable de la gouvernance des données",
                    emails=["jean-yves.mahe@diplomatie.gouv.fr"], phones=["01 43 17 60 91"], kind=OPER),
        ],
        actors=[
            ("DINUM (Direction interministérielle du numérique)", "state", "dinum"),
            ("Autres ministères", "state", None),
        ],
        legal=[],  # "prévus par la loi" (line 228) names no text
        money=[],
        web=[(245, "https://data.gouv.fr/", "data.gouv"), (245, "https://api.gouv.fr/", "api .gouv"),
             (245, "https://code.gouv.fr/", "code.gouv")],
        programmes=[
            # line 221: "(Etat-civil, adoptions, PVT, élections, traités, Appel de Paris, etc.) … à l'appel de
            # Christchurch …"
            (221, "programme-vacances-travail", "PVT"),
            (221, "appel-de-paris", "Appel de Paris"),
            (221, "appel-de-christchurch", "appel de Christchurch"),
            (243, "feuille-de-route-data-ministere-de-l-europe-et-des-affaires-etrangeres",
             "feuille de route « data » du ministère de l'Europe et des Affaires étrangères"),
            (245, "feuille-de-route-data-etat", "feuille de route « data » de l'Etat"),
        ],
        ogp_values={ACCESS},  # transparence, accessibilité à l'information
    ),
    # ----------------------------------------------------------------- #12
    12: dict(
        title="Renforcer l'engagement citoyen des jeunes",
        chapter=3,
        span=(785, 964),
        milestone_lines=[(900, 902), (904, 904), (905, 905), (906, 906), (907, 907), (908, 908), (909, 909), (910, 910), (911, 911),
                         (912, 912), (913, 913), (914, 914), (915, 915), (916, 916), (917, 917), (918, 918), (919, 919),
                         (920, 920), (921, 921)],
        period=("2021-2023", D(2021, 1, 1), D(2023, 12, 31)),
        lead_heading=PORTEUR,
        leads=[("Ministère de l'Éducation nationale, de la jeunesse et des sports", "menjs")],
        parts={
            "problem": ("L'engagement permettra de favoriser l'adhésion des jeunes aux valeurs républicaines",
                        "en luttant contre les discriminations et le harcèlement à l'École", 799, 799),
            "commitment": ("L'engagement s'articule autour des actions suivantes :",
                           "à la citoyenneté et à l'environnement (CESE).", 803, 811),
            "solution": ("1. Le Service national universel (SNU) permettra d'améliorer",
                         "de l'éducation au développement durable auprès des plus jeunes.", 815, 822),
            "relevance": ("Annoncé par le Président de la République en 2018",
                          "parties prenantes du fonctionnement de l'école ou de l'établissement", 826, 856),
        },
        additional=[("additional", "Service national universel :",
                     "dans le Plan national d'adaptation au changement climatique (PNACC).", 860, 896)],
        notes=[],
        milestones=[
            ("Développer un parcours d'engagement citoyen pour tous, dès le plus jeune âge, grâce au service "
             "national universel. Accompagnement des territoires et des partenaires pour déployer 30 000 "
             "propositions de missions d'intérêt général et renforcement de l'animation territoriale",
             "Janvier 2022", D(2022, 1, 1), D(2022, 1, 31), None),
            ("Développer et soutenir l'engagement à travers le service civique.", None, None, None, None),
            ("245 000 volontaires ayant réalisé au moins 1 jour de mission", "S2 2022",
             D(2022, 7, 1), D(2022, 12, 31), 2),
            ("2 700 000 volontaires ayant réalisé au moins 1 jour de mission", "S2 2023",
             D(2023, 7, 1), D(2023, 12, 31), 2),
            ("Développer et faciliter l'engagement citoyen dès le plus jeune âge grâce à la réserve civique.",
             None, None, None, None),
            ("100 000 citoyens mobilisés sur des missions de la réserve civique via la plateforme "
             "jeuxaider.gouv.fr", "T4 2022", D(2022, 10, 1), D(2022, 12, 31), 5),
            ("Valoriser et soutenir les initiatives pédagogiques qui permettent à des jeunes de s'engager dans "
             "des causes et de travailler avec des acteurs de la société civile.", None, None, None, None),
            ("2e AAP sur le développement du mentorat en France et 100 000 jeunes mentorés", "S2 2021",
             D(2021, 7, 1), D(2021, 12, 31), 7),
            ("200 000 jeunes mentorés", "Fin 2022", D(2022, 10, 1), D(2022, 12, 31), 7),
            ("Renforcer la lutte contre le harcèlement à l'école", None, None, None, None),
            ("généralisation du dispositif pHARe", "T3 2021", D(2021, 7, 1), D(2021, 9, 30), 10),
            ("résultats de l'enquête sur le climat scolaire", "T2 2023", D(2023, 4, 1), D(2023, 6, 30), 10),
            ("lancement du dispositif pHARe2", "T3 2023", D(2023, 7, 1), D(2023, 9, 30), 10),
            ("Développer et valoriser les éco-délégués pour répondre au besoin d'engagement des élèves en "
             "matière environnementale", None, None, None, None),
            ("mise en place d'une plateforme internet valorisant les projets des éco-délégués", "T1 2022",
             D(2022, 1, 1), D(2022, 3, 31), 14),
            ("jury national et remise des prix de l'action éco-déléguée", "T3 2023",
             D(2023, 7, 1), D(2023, 9, 30), 14),
            ("Déployer la labellisation E2D : établissements en démarche de développement durable, en lien "
             "avec les CESCE", None, None, None, None),
            ("bilan de la labellisation de l'année scolaire 2021-2022", "T3 2022",
             D(2022, 7, 1), D(2022, 9, 30), 17),
            ("bilan de la labellisation de l'année scolaire 2021-2023 avec en cible 10 000 écoles et "
             "établissements labellisés", "T3 2023", D(2023, 7, 1), D(2023, 9, 30), 17),
        ],
        contacts=[
            # "01 40 45 95 23 2": the final "2" is a PDF artefact (contacts.py).
            contact("Pierre Oudot", "Chef de service, adjoint à la Directrice de la jeunesse, de l'éducation "
                    "populaire et de la vie associative (DJEPVA)",
                    emails=["pierre.oudot@jeunesse-sports.gouv.fr"], phones=["01 40 45 95 23"]),
            contact("Didier Lacroix", "Chef du service de l'accompagnement des politiques éducatives (DGESCO)",
                    emails=["didier.lacroix@education.gouv.fr"], phones=["01 55 55 37 48"]),
            contact("Nicolas Babut", "Conseiller stratégie numérique auprès de la Secrétaire générale",
                    emails=["nicolas.babut@education.gouv.fr"], phones=["01 55 55 22 21"]),
            contact("Véronique Gronner", "Secrétaire générale adjointe",
                    emails=["veronique.gronner@education.gouv.fr"], phones=["01 55 55 82 89"]),
        ],
        # No sub-heading: categories are guessed (state for public bodies).
        actors=[
            ("Ministère des Armées", "state", "armees"),
            ("Haut-commissariat à l'emploi et à l'engagement des entreprises", "state", None),
            ("Délégation générale à l'emploi et à la formation professionnelle", "state", "dgefp"),
            ("Collectif mentorat", "other", None),  # "(association)" is a qualifier
            ("Direction interministérielle du numérique (DINUM)", "state", "dinum"),
            ("Plus de 5000 organisations publiques ou associatives", "other", None),
            ("Services académiques", "state", None),
        ],
        legal=[(874, "loi", None, None, "loi-2020-1721", "loi de finances initiale pour 2021")],  # loi de finances initiale pour 2021
        money=[
            (864, Decimal("61000000"), "EUR", "61 M€"),
            (874, Decimal("860000000"), "EUR", "860 M€"),
            (882, Decimal("1000000"), "EUR", "un million d'euro"),
            (886, Decimal("30000000"), "EUR", "30 millions d'euros"),
        ],
        web=[(818, "https://jeuxaider.gouv.fr/", "jeuxaider.gouv.fr"),
             (841, "https://www.1jeune1mentor.fr/", "www.1jeune1mentor.fr"),
             (882, "https://jeuxaider.gouv.fr/", "jeuxaider.gouv.fr"),
             (908, "https://jeuxaider.gouv.fr/", "jeuxaider.gouv.fr")],
        programmes=[
            # Named schemes, labels and events too (issue 14), read at their lines: the éco-délégués
            # (810, 821, 854, 856, 894, 916, 917), the E3D label (811, 822, 856, 896), "journée non au
            # harcèlement, Safer internet day et concours non au harcèlement" (851), "Cordées de la
            # réussite ou le dispositif du Parrainage" (886).
            (805, "service-national-universel", "service national universel"),
            (806, "service-civique", "service civique"),
            (807, "reserve-civique", "réserve civique"),
            (810, "eco-delegues", "dispositif des éco-délégués"),
            (811, "label-e3d", "labellisation E3D : Établissements en démarche de développement durable"),
            (815, "service-national-universel", "Service national universel (SNU)"),
            (817, "service-civique", "Service civique"),
            (817, "1-jeune-1-solution", "Plan « 1 jeune, 1 solution »"),
            (818, "reserve-civique", "réserve civique"),
            (820, "programme-phare", "dispositif de lutte contre le harcèlement scolaire"),
            (821, "eco-delegues", "dispositif des éco-délégués"),
            (822, "label-e3d", "labellisation E3D"),
            (826, "service-national-universel", "Service national universel (SNU)"),
            (828, "service-civique", "Service Civique"),
            (832, "service-civique", "Service Civique"),
            (833, "service-civique", "Service Civique"),
            (834, "service-civique", "Service Civique"),
            (835, "service-civique", "Service Civique"),
            (836, "service-civique", "Service Civique"),
            (839, "reserve-civique", "réserve civique"),
            (843, "programme-phare", "programme de lutte contre le harcèlement scolaire"),
            (851, "journee-non-au-harcelement", "journée non au harcèlement"),
            (851, "safer-internet-day", "Safer internet day"),
            (851, "concours-non-au-harcelement", "concours non au harcèlement"),
            (854, "eco-delegues", "éco-délégués"),
            (856, "label-e3d", "labellisation E3D"),
            (856, "eco-delegues", "éco-délégués"),
            (860, "service-national-universel", "Service national universel"),
            (862, "service-national-universel", "SNU"),
            (864, "programme-budgetaire-163", "programme 163"),
            (870, "service-civique", "Service civique"),
            (872, "service-civique", "Service Civique"),
            (872, "1-jeune-1-solution", "plan « 1 jeune, 1 solution »"),
            (872, "plan-france-relance", "plan France Relance"),
            (880, "reserve-civique", "Réserve civique"),
            (886, "cordees-de-la-reussite", "Cordées de la réussite"),
            (886, "parrainage", "dispositif du Parrainage"),
            (888, "programme-phare", "programme de lutte contre le harcèlement scolaire « pHARe »"),
            (888, "plan-lutte-violences-milieu-scolaire", "plan de lutte contre les violences en milieu scolaire"),
            (894, "eco-delegues", "dispositif des éco-délégués"),
            (894, "agenda-2030", "Agenda 2030"),
            (896, "label-e3d", "labellisation E3D"),
            (896, "agenda-2030", "Agenda 2030"),
            (896, "plan-action-climat-education-nationale", "plan d'action climat du MENJS"),
            (896, "strategie-nationale-biodiversite", "Stratégie nationale biodiversité SNB"),
            (896, "plan-national-adaptation-changement-climatique", "Plan national d'adaptation au changement climatique (PNACC)"),
            (900, "service-national-universel", "service national universel"),
            (904, "service-civique", "service civique"),
            (907, "reserve-civique", "réserve civique"),
            (908, "reserve-civique", "réserve civique"),
            (913, "programme-phare", "pHARe"),
            (915, "programme-phare", "pHARe2"),
            (916, "eco-delegues", "éco-délégués"),
            (917, "eco-delegues", "éco-délégués"),
            # the document's typo for E3D, with E3D's expansion
            (919, "label-e3d", "labellisation E2D : établissements en démarche de développement durable"),
        ],
        # société civile, mobilisation citoyenne; plateforme numérique.
        ogp_values={CIVIC, TECH},
    ),
    # ----------------------------------------------------------------- #20
    20: dict(
        title="Renforcer le rôle de l'instance ministérielle d'écoute des usagers",
        chapter=5,
        span=(1537, 1614),
        milestone_lines=[(k, k) for k in range(1585, 1590)],
        period=("Juin 2021 – septembre 2023", D(2021, 6, 1), D(2023, 9, 30)),
        lead_heading=PORTEUR,
        leads=[("Ministère de l'intérieur", "interieur"), ("Secrétariat Général Cabinet", None),
               ("Mission de modernisation et de simplification", None)],
        parts={
            "problem": ("Le ministère de l'intérieur a engagé en 2017 sa transition numérique",
                        "complètement ou partiellement dématérialisée).", 1555, 1555),
            "commitment": ("Intégrer davantage les usagers notamment dans les phases de tests",
                           "et ceux déconnectés ou en difficulté.", 1559, 1559),
            "solution": ("Cinq actions ont été identifiées pour associer les usagers :",
                         "5. Être transparent sur la prise en compte des usagers dans les tests", 1563, 1569),
            "relevance": ("Cette action améliore l'information au public dans la mesure où",
                          "devant des hauts fonctionnaires du ministère de l'Intérieur qui y siègent.",
                          1573, 1577),
        },
        additional=[("additional", "Liens avec d'autres programmes gouvernementaux",
                     "et le dispositif programme Services Publics +", 1581, 1581)],
        notes=[],
        milestones=[
            ("Constituer des panels d'usagers, représentatifs de tous les territoires, en vue d'effectuer à "
             "terme des tests pour les futurs projets portés par le Ministère de l'Intérieur", "12/2021",
             D(2021, 12, 1), D(2021, 12, 31), None),
            ("Identifier les outils et méthodes permettant d'effectuer des tests auprès de différents panels",
             "01/2022", D(2022, 1, 1), D(2022, 1, 31), None),
            ("Echanger sur les bonnes pratiques des autres administrations en matière d'implication des "
             "usagers dans des tests", "07/2021", D(2021, 7, 1), D(2021, 7, 31), None),
            ("Associer les usagers dès l'amont de la phase de conception des outils numériques", "01/2022",
             D(2022, 1, 1), D(2022, 1, 31), None),
            ("Etre transparent sur la prise en compte des usagers dans les tests", "06/2022",
             D(2022, 6, 1), D(2022, 6, 30), None),
        ],
        contacts=[contact("Bertrand GOUILLART", "Chef de la mission modernisation et simplification",
                          "Secrétariat général (SG)", emails=["bertrand.gouillart@interieur.gouv.fr"])],
        actors=[
            # "Etat :" and "Collège associatif :" are group labels (sub-headings).
            # "Ministère de l'Intérieur : Cabinet du SG(MMS) et DNUM": X and its units.
            ("Ministère de l'Intérieur", "state", "interieur"),
            ("Cabinet du SG(MMS)", "state", None),
            ("DNUM", "state", "dnum-interieur"),
            ("AFP France Handicap", "other", None),
            ("Croix Rouge", "other", None),
            ("Secours Catholique", "other", None),
        ],
        legal=[],
        money=[],
        web=[],
        programmes=[(1581, "action-publique-2022", "programme Action publique 2022"),
                    (1581, "services-publics-plus", "Services Publics +")],
        # l'information au public, transparent; influence, avis; projets numériques.
        ogp_values={ACCESS, CIVIC, TECH},
    ),
    # ----------------------------------------------------------------- #24
    24: dict(
        title="Favoriser l'accès de la société civile aux données publiques des collectivités territoriales",
        chapter=7,
        span=(1853, 1922),
        milestone_lines=[(k, k) for k in range(1899, 1907)],
        period=("1er janvier 2021 – 31 décembre 2023", D(2021, 1, 1), D(2023, 12, 31)),
        lead_heading=AGENCE,
        leads=[("Agence nationale de la cohésion des territoires", "anct")],
        parts={
            "problem": ("L'ouverture des données publiques est un vecteur essentiel de la transparence",
                        "que ceux qui sont plus éloignés de la culture de la donnée.", 1867, 1871),
            "commitment": ("L'ANCT s'engage à favoriser l'accès à une donnée publique territoriale de qualité",
                           "(mise à disposition et de communication au public).", 1875, 1880),
            "solution": ("- Amélioration quantitative : 90% des collectivités concernées",
                         "Comblent l'écart entre accès théorique et accès effectif à la donnée publique",
                         1884, 1885),
            "relevance": ("- Transparence de l'action publique", "- Information accessible et transparents",
                          1889, 1891),
        },
        additional=[("additional", "Engagement en cohérence avec la feuille de route de l'AMDAC",
                     "sous réserve d'obtention de moyens de mise en œuvre et de suivi", 1895, 1895)],
        notes=[
            "Engagement en cohérence avec la feuille de route de l'AMDAC du Ministère de la Cohésion des "
            "territoires, sous réserve d'obtention de moyens de mise en œuvre et de suivi",
            # A sentence, not a name: a note (its bodies are named in prose).
            "Coordination / relai avec les structures déconcentrées de l'État…",
            # "OpenDataFrance, association réunissant…": the actor, then prose.
            "OpenDataFrance, association réunissant les collectivités locales…",
        ],
        milestones=[
            ("Accompagnement des collectivités dans le cadre d'un partenariat renouvelable ANCT x Open Data "
             "France", "31.12.2021 (renouvelable)", D(2021, 12, 31), D(2021, 12, 31), None),
            ("Organisation d'un atelier autour des processus de constructions de référentiels de données "
             "(NEC 2021), et publication d'une restitution", "Début 01.09.2021 → Fin 30.11.2021",
             D(2021, 9, 1), D(2021, 11, 30), None),
            ("Organisation d'un atelier de consultation des besoins de la société civile en données ouvertes "
             "en s'appuyant sur les réseaux existants", None, None, None, None),
            ("Accompagnement à l'ouverture d'un échantillon de collectivités dans le cadre du Programme "
             "National d'Investigation de l'Incubateur des Territoires…", None, None, None, None),
            ("Contribuer au guichet d'accès à la donnée de la transition écologique et de la cohésion des "
             "territoires en lien avec le Ministère de la Transition Écologique", "2022 S1",
             D(2022, 1, 1), D(2022, 6, 30), None),
            ("Construire un outil permettant de cartographier les données des territoires et en diffuser "
             "l'info au grand public", "2022 S1", D(2022, 1, 1), D(2022, 6, 30), None),
            ("Définir une stratégie de réalisation de schémas et de standards de données territoriales.",
             "2022 S2", D(2022, 7, 1), D(2022, 12, 31), None),
            ("Organiser chaque année une journée nationale de la data des territoires et y associer des "
             "représentants de la société civile", "2022 S2", D(2022, 7, 1), D(2022, 12, 31), None),
        ],
        contacts=[contact("Pierre-Louis Rolle", "Directeur de programme et AMDAC", "Direction du Numérique, ANCT",
                          emails=["Pierre-Louis.ROLLE@anct.gouv.fr"], organisation_key="anct")],
        actors=[
            ("Ministères et Établissements publics du périmètre de l'AMDAC", "state", None),
            ("OpenDataFrance", "other", None),
            ("Réseaux actifs sur les enjeux de transparence du secteur public", "other", None),
        ],
        legal=[(1884, "loi", None, None, "loi-2016-1321", "Loi pour une République numérique")],  # Loi pour une République numérique
        money=[],  # "90%", "4000 collectivités": no currency
        web=[(1921, "https://www.opendatafrance.net/", "https://www.opendatafrance.net")],
        programmes=[(1895, "feuille-de-route-donnees-cohesion-territoires",
                     "feuille de route de l'AMDAC du Ministère de la Cohésion des territoires"),
                    (1900, "numerique-en-communs", "NEC 2021"),  # "… référentiels de données (NEC 2021)"
                    (1902, "programme-national-investigation-incubateur-territoires",
                     "Programme National d'Investigation de l'Incubateur des Territoires")],
        # Transparence, transparents, Information accessible; ressources numériques.
        ogp_values={ACCESS, TECH},
    ),
    # ----------------------------------------------------------------- #33
    33: dict(
        # Heading written "Engagement « 33 :" (line 2382).
        title="Construire une culture de la donnée de santé",
        chapter=9,
        span=(2382, 2459),
        milestone_lines=[],
        period=("1er septembre 2021 – décembre 2023", D(2021, 9, 1), D(2023, 12, 31)),
        lead_heading=PORTEUR,
        leads=[("Health Data Hub", "hdh"), ("Ministère de la santé et des solidarités", "mss")],
        parts={
            "problem": ("Les données de santé ont un rôle à jouer pour construire un système de santé",
                        "mettre en place des initiatives à l'instar de CovidTracker...", 2396, 2400),
            "commitment": ("Le Health Data Hub s'attache à contribuer à la production d'une culture",
                           "permettra de toucher 150 000 personnes sur une année.", 2404, 2406),
            "solution": ("Les données du SNDS sont aujourd'hui réservées à des experts",
                         "- Lors d'évènements dédiés", 2410, 2455),
            "relevance": ("Compte tenu du projet de décret relatif au SNDS",
                          "Notre démarche vise à ouvrir l'information, à l'adapter.", 2459, 2459),
        },
        additional=[],
        notes=[],
        milestones=[],  # no milestones section
        contacts=[],
        actors=[],
        legal=[
            (2398, "reglement-ue", None, None, "reglement-ue-2016-679", "RGPD"),  # RGPD
            # "… en pose les lignes directrices dans ses articles 12, 13 et 14": the RGPD's articles
            (2398, "article", "12", None, "reglement-ue-2016-679/article/12", "ses articles 12, 13 et 14"),
            (2398, "article", "13", None, "reglement-ue-2016-679/article/13", "ses articles 12, 13 et 14"),
            (2398, "article", "14", None, "reglement-ue-2016-679/article/14", "ses articles 12, 13 et 14"),
            # "projet de décret relatif au SNDS": a draft, kept (legal.py).
            (2459, "decret", None, None, "decret-relatif-au-snds", "projet de décret relatif au SNDS"),
        ],
        money=[],
        web=[],
        # The document writes the Système national des données de santé only as "SNDS", read at each line
        programmes=sorted([(n, "systeme-national-donnees-sante", "SNDS")
                           for n in (2404, 2410, 2414, 2416, 2424, 2426, 2434, 2436, 2444, 2459)]
                          # "des initiatives à l'instar de CovidTracker..."
                          + [(2400, "covidtracker", "CovidTracker")]),
        # "Notre démarche vise à ouvrir l'information" (and "rendre visible et
        # faire comprendre l'activité du Health Data Hub"): access to information.
        ogp_values={ACCESS},
    ),
    # ----------------------------------------------------------------- #37
    37: dict(
        title="Un enseignement supérieur plus transparent et une science plus ouverte",
        chapter=11,
        span=(2655, 2808),
        milestone_lines=[(k, k) for k in range(2753, 2778)],
        period=("2022-2023", D(2022, 1, 1), D(2023, 12, 31)),  # an HTML table row (line 2657)
        lead_heading=PORTEUR,
        leads=[("Ministère de l'enseignement supérieur, de la recherche et de l'innovation", "mesri")],
        parts={
            "problem": ("Le MESRI souhaite résoudre les six problèmes suivants :",
                        "et loin d'être tous accessibles aux personnes empêchées", 2663, 2670),
            "commitment": ("- 1) Amplifier la politique de science ouverte",
                           "afin de pouvoir réaliser des enquêtes relatives au déploiement des politiques publiques",
                           2674, 2709),
            "solution": ("Amplifier l'ouverture, la circulation et l'appropriation des données",
                         "avec les opérateurs et les services déconcentrés afin de pouvoir réaliser des enquêtes",
                         2713, 2732),
            "relevance": ("L'engagement est globalement centré sur les principes de transparence",
                          "- Framasoft et l'APRIL pour l'engagement relatif aux logiciels libres", 2736, 2741),
        },
        additional=[("additional", "Cet engagement s'articule avec :",
                     "- La Feuille de route données, codes et algorithmes du MESRI", 2745, 2748)],
        notes=[],
        # A table (header row line 2752): deliverable, start cell, end cell.
        # The date text is the cells as written; a row with one cell is dated
        # by that cell (judgement call: read as the deliverable's date).
        milestones=[
            ("1.a Recherche Data Gouv : ouverture entrepôt", "T3 2022\tT4 2023", D(2022, 7, 1), D(2023, 12, 31), None),
            ("1.b Traduction semi-automatique. Prototype plateforme", "T4 2023", D(2023, 10, 1), D(2023, 12, 31), None),
            ("1.c Recherche Grand débat.", "T1 2023\tT4 2023", D(2023, 1, 1), D(2023, 12, 31), None),
            ("1.d Données Climat-Système terre.", "T4 2022", D(2022, 10, 1), D(2022, 12, 31), None),
            ("1.e-1 Baromètre de la science ouverte santé. Ouverture BSO-S", "T1 2022\tT4 2023",
             D(2022, 1, 1), D(2023, 12, 31), None),
            ("1.e-2 BSO données et codes logiciels. Ouverture BSO-dcl", "T4 2022", D(2022, 10, 1), D(2022, 12, 31), None),
            ("1.e-3 BSO impact recherche-société. Ouverture", "T4 2023", D(2023, 10, 1), D(2023, 12, 31), None),
            ("1.e-4 BSO collaboratif établissements.", "T1 2023", D(2023, 1, 1), D(2023, 3, 31), None),
            ("2.a Science et société 1% à l'ANR. Lancement", "2022", D(2022, 1, 1), D(2022, 12, 31), None),
            ("2.b Réseau initiatives territoriales science et société. Labellisations.", "2023",
             D(2023, 1, 1), D(2023, 12, 31), None),
            ("2.c Charte et baromètre science et société. Signataires et connexions", "2023",
             D(2023, 1, 1), D(2023, 12, 31), None),
            ("3.a Suivi santé étudiants. Jeu de données", "2021\t2023", D(2021, 1, 1), D(2023, 12, 31), None),
            ("3.b Engagement étudiant. Jeu de données licence", "2021\t2023", D(2021, 1, 1), D(2023, 12, 31), None),
            ("3.c Réussite étudiante. Jeu de données", "2021\t2023", D(2021, 1, 1), D(2023, 12, 31), None),
            ("3.d Diversité des publics accédant enseignement supérieur. Jeu de données", "2022\t2023",
             D(2022, 1, 1), D(2023, 12, 31), None),
            ("3.e Évolution « Trouver Mon Master ». Développement, mise en ligne", "2022\t2023",
             D(2022, 1, 1), D(2023, 12, 31), None),
            ("4.c Transparence immobilier universitaire. Ouverture jeu de données", "T4 2022",
             D(2022, 10, 1), D(2022, 12, 31), None),
            ("4.d Transparence brevets. Ouverture jeu de données", "T4 2021", D(2021, 10, 1), D(2021, 12, 31), None),
            ("4.e Transparence dépenses abonnements et publications. Jeu de données", "T1 2022\tT1 2023",
             D(2022, 1, 1), D(2023, 3, 31), None),
            ("4.f Développement de ScanR. Intégration essais cliniques et citations", "T4 2021\tT4 2022",
             D(2021, 10, 1), D(2022, 12, 31), None),
            ("5.a Politique logiciels libres MESRI. Publication", "T1 2023", D(2023, 1, 1), D(2023, 3, 31), None),
            ("5.b Politique logiciels libres ESRI. Publication", "T1 2023", D(2023, 1, 1), D(2023, 3, 31), None),
            ("6.a Incubateur de services numériques", "T1 2023", D(2023, 1, 1), D(2023, 3, 31), None),
            ("6.b Accessibilité sites web ESRI. Benchmark, Tableau de bord", "T4 2021\tT4 2023",
             D(2021, 10, 1), D(2023, 12, 31), None),
            ("6.c Plateforme dialogue avec opérateurs et services déconcentrés. Preuve de concept, développement",
             "T4 2021\tT4 2023", D(2021, 10, 1), D(2023, 12, 31), None),
        ],
        contacts=[
            contact("Marin Dacos", "Coordinateur national de la science ouverte", "DGRI-DGESIP",
                    emails=["Marin.dacos@recherche.gouv.fr"]),
            contact("Sébastien Chevallier", "Chef du service de la coordination des stratégies de "
                    "l'enseignement supérieur et de la recherche (SCSESR)",
                    emails=["sebastien.chevallier@enseignementsup.gouv.fr"]),
            contact("Isabelle Prat", "Cheffe du service stratégie des formations et de la vie étudiante, "
                    "adjointe à la directrice générale", "DGESIP",
                    emails=["isabelle.prat@enseignementsup.gouv.fr"], organisation_key="dgesip"),
        ],
        actors=[
            ("Comité pour la science ouverte", "state", None),
            ("Tous les établissements de l'enseignement supérieur, de la recherche et de l'innovation",
             "state", None),
            # "- Parrains :" is a group label: the sponsors are civil society.
            ("Wikimedia France", "other", "wikimedia-france"),
            ("Framasoft", "other", None),
            ("April", "other", None),
        ],
        legal=[(2668, "loi", None, None, "loi-2016-1321", "Loi pour une République numérique"),  # Loi pour une République numérique
               (2686, "loi", None, None, "loi-2020-1674", "LPR")],  # "(en phase et en lien avec la LPR)"
        money=[],
        web=[(2726, "https://monmaster.gouv.fr/", "monmaster.gouv.fr")],
        programmes=[(2675, "recherche-data-gouv", "Recherche Data Gouv"),
                    (2677, "grand-debat-national", "Grand débat"),
                    # "trois nouvelles générations du baromètre de la science ouverte (BSO)", then i) to iii)
                    (2679, "barometre-science-ouverte", "baromètre de la science ouverte (BSO)"),
                    (2680, "barometre-science-ouverte", "baromètre de la science ouverte"),
                    (2681, "barometre-science-ouverte", "baromètre de la science ouverte"),
                    (2681, "plan-france-relance", "plan de relance"),
                    (2682, "barometre-science-ouverte", "baromètre de la science ouverte"),
                    (2695, "trouver-mon-master", "plateforme « Trouver Mon Master »"),
                    (2702, "scanr", "ScanR"),
                    (2713, "barometre-science-ouverte", "baromètres de la science ouverte"),
                    (2713, "grand-debat-national", "Grand débat"),
                    (2726, "scanr", "ScanR"),
                    (2747, "plan-national-pour-la-science-ouverte", "Plan national pour la science ouverte"),
                    (2748, "feuille-de-route-donnees-mesri", "Feuille de route données, codes et algorithmes du MESRI"),
                    # the milestone table: "1.a Recherche Data Gouv : ouverture entrepôt", "Ouverture BSO-S" …
                    (2753, "recherche-data-gouv", "Recherche Data Gouv"),
                    (2755, "grand-debat-national", "Grand débat"),
                    (2757, "barometre-science-ouverte", "Baromètre de la science ouverte"),
                    (2758, "barometre-science-ouverte", "BSO"),
                    (2759, "barometre-science-ouverte", "BSO"),
                    (2760, "barometre-science-ouverte", "BSO"),
                    (2768, "trouver-mon-master", "« Trouver Mon Master »"),
                    (2772, "scanr", "ScanR")],
        ogp_values={ACCESS, TECH},  # transparence; logiciels libres
    ),
    # ----------------------------------------------------------------- #44
    44: dict(
        title="Réaliser l'inventaire des algorithmes publics",
        chapter=12,
        span=(3096, 3148),
        milestone_lines=[(3142, 3142), (3143, 3143)],
        period=("2021-2022", D(2021, 1, 1), D(2022, 12, 31)),  # an HTML table row (line 3098)
        lead_heading=PORTEUR,
        leads=[("DINUM", "dinum")],
        parts={
            "problem": ("Les algorithmes jouent un rôle croissant dans la sphère publique",
                        "la première étape vers une meilleure gouvernance de ces systèmes", 3104, 3106),
            "commitment": ("- Accompagner les ministères et administrations centrales",
                           "mêlant chercheurs, gouvernements et membres de la société civile)", 3110, 3112),
            "solution": ("La réalisation de l'inventaire mobilise les administrateurs ministériels des données",
                         "L'inventaire permet de mettre en visibilité les systèmes", 3116, 3124),
            "relevance": ("Les valeurs de l'OGP sont au cœur de cet engagement :",
                          "imputables aux administrations (comme prévu dans le CRPA).", 3128, 3132),
        },
        additional=[("additional", "La France est reconnue à l'international pour son cadre légal pionnier",
                     "sur la question des algorithmes publics et à contribuer au débat.", 3136, 3138)],
        notes=[],
        milestones=[
            ("Début de la mise en œuvre des inventaires", "01/09/2021 01/03/2022", D(2021, 9, 1), D(2022, 3, 1), None),
            ("Evaluation intermédiaire de la démarche", "01/03/2022 31/12/2022", D(2022, 3, 1), D(2022, 12, 31), None),
        ],
        # "Point de contact :" bullets, no role given.
        contacts=[
            contact("Bastien Guerry", emails=["bastien.guerry@modernisation.gouv.fr"]),
            contact("Mathilde Hoang", emails=["mathilde.hoang@modernisation.gouv.fr"]),
        ],
        actors=[],
        legal=[
            (3111, "code", None, None, "code-relations-public-administration", "CRPA"),  # CRPA
            (3132, "code", None, None, "code-relations-public-administration", "CRPA"),  # CRPA
            (3136, "loi", None, None, "loi-2016-1321", "Loi pour une République numérique de 2016"),  # Loi pour une République numérique de 2016
        ],
        money=[],
        web=[
            (3111, "https://guides.etalab.gouv.fr/algorithmes/"),
            (3112, "https://guides.etalab.gouv.fr/algorithmes/inventaire/"),
            (3112, "https://www.opengovpartnership.org/stories/building-public-algorithm-registers-lessons-"
                   "learned-from-the-french-approach/"),
            (3136, "https://www.opengovpartnership.org/stories/open-algorithms-experiences-from-france-the-"
                   "netherlands-and-new-zealand/"),
            (3136, "https://www.opengovpartnership.org/stories/reflections-on-the-implementation-of-public-"
                   "sector-algorithmic-policy/"),
        ],
        programmes=[(3112, "rightscon", "RightsCon"),  # "lors de la conférence RightsCon en juin 2021"
                     (3136, "plan-action-national-pgo-2018-2020", "plan d'action PGO 2018-2020")],
        ogp_values={ACCESS, CIVIC, ACCOUNT},  # Transparence; Participation citoyenne; Redevabilité publique
    ),
    # ----------------------------------------------------------------- #47
    47: dict(
        title="Développer l'émergence d'initiatives citoyennes d'intérêt général",
        chapter=12,
        span=(3332, 3411),
        milestone_lines=[(3387, 3387), (3388, 3388), (3389, 3389)],
        period=("Décembre 2021 - durée indéterminée", D(2021, 12, 1), None),
        lead_heading=PORTEUR,
        leads=[("Ministère de la Transformation et de la Fonction Publiques", "mtfp"),
               ("Direction interministérielle du numérique", "dinum"),
               ("Direction interministérielle de la transformation publique", "ditp")],
        parts={
            "problem": ("De nombreux citoyens contribuent à l'action publique en proposant des solutions",
                        "de renforcer la coopération entre administration et projets citoyens.", 3350, 3354),
            "commitment": ("L'accélérateur d'initiatives citoyennes est disponible sur",
                           "en se prononçant sur le critère d'utilité publique des candidats.", 3358, 3375),
            "solution": ("Cet engagement permettra à des projets qui permettent à l'action publique",
                         "en mettant à disposition des compétences de l'Etat.", 3379, 3379),
            "relevance": ("Cet engagement concourt à améliorer la participation citoyenne",
                          "et améliore la confiance en l'action publique.", 3383, 3383),
        },
        additional=[],
        notes=[],
        milestones=[
            ("Lancement de l'accélérateur", "12/21", D(2021, 12, 1), D(2021, 12, 31), None),
            ("Collecte des candidatures 1ère promotion", "01/22", D(2022, 1, 1), D(2022, 1, 31), None),
            ("Accompagnement de la 1ère promotion", "Début : 02/22 → Fin : 05/22", D(2022, 2, 1), D(2022, 5, 31), None),
        ],
        contacts=[
            contact("Laure Lucchesi", "Directrice du département Etalab à la Direction interministérielle du numérique",
                    emails=["Laure.LUCCHESI@modernisation.gouv.fr"]),
            contact("Alban Praquin", "Responsable Gouvernement ouvert à la Direction interministérielle de la "
                    "transformation publique", emails=["alban.praquin@modernisation.gouv.fr"]),
        ],
        actors=[("Bayes Impact", "other", None), ("Just One Giant Lab", "other", None),
                ("Data for Good", "other", None)],
        legal=[],
        money=[],
        web=[(3358, "https://citoyens.transformation.gouv.fr/", "citoyens.transformation.gouv.fr")],
        programmes=[],
        ogp_values={CIVIC},  # participation citoyenne
    ),
    # ----------------------------------------------------------------- #52
    52: dict(
        title="Impliquer davantage les citoyens dans les travaux de la Cour des comptes",
        chapter=14,
        span=(3696, 3737),
        milestone_lines=[],
        # The period cell is a sentence that also annotates the commitment.
        period=("Engagement reconduit et complété pour la période 2021-2023", D(2021, 1, 1), D(2023, 12, 31)),
        lead_heading=AGENCE,
        leads=[("Cour des comptes", "cour-des-comptes")],
        # The headings run on with their text on the same line.
        parts={
            "problem": ("La Cour s'est vu confier par la Constitution",
                        "à une logique d'association et de participation.", 3708, 3712),
            "commitment": ("La Cour s'engage à mobiliser davantage l'expertise citoyenne",
                           "en facilitant leur intervention par de nouveaux outils notamment numériques.",
                           3714, 3716),
            "solution": ("Afin de renforcer le lien que la Cour des comptes entretient avec les citoyens",
                         "Ces trois actions ont pour horizon 2022.", 3718, 3728),
            "relevance": ("Fidèle à sa démarche « open gov » initiée depuis deux plans d'action",
                          "lever les freins éventuels en la matière.", 3730, 3733),
        },
        additional=[("additional", "La Cour a déjà eu l'occasion, par le passé",
                     "dans le cadre du projet de réflexion stratégique « JF 2025 ».", 3735, 3737)],
        notes=["Engagement reconduit et complété pour la période 2021-2023"],
        milestones=[],
        contacts=[],
        actors=[],
        # Line 3708: "La Cour s'est vu confier par la Constitution, lors de la révision
        # constitutionnelle de 2008, … L'article 15 de la Déclaration des droits de l'Homme et du
        # Citoyen" (the 2008 revision: loi constitutionnelle n° 2008-724, KNOWN_TEXTS)
        legal=[(3708, "constitution", None, None, "constitution-1958", "Constitution"),
               (3708, "loi", None, None, "loi-2008-724", "révision constitutionnelle de 2008"),
               (3708, "declaration", None, None, "declaration-1789", "Déclaration des droits de l'Homme et du Citoyen"),
               (3708, "article", "15", None, "declaration-1789/article/15",
                "L'article 15 de la Déclaration des droits de l'Homme et du Citoyen")],
        money=[],  # "2,5 millions en 2020": visitors
        web=[],
        programmes=[(3712, "jf-2025", "projet « JF 2025 »"), (3716, "jf-2025", "projet stratégique « JF 2025 »"),
                    (3737, "jf-2025", "projet de réflexion stratégique « JF 2025 »")],
        ogp_values={CIVIC, ACCOUNT},  # Participation citoyenne, société civile; redevabilité, lanceurs d'alerte
    ),
}

NUMBERS = sorted(EXPECTED)


@pytest.fixture(scope="module")
def plan():
    return load_plan()[0]


def _commitment(plan, n: int) -> Commitment:
    c = plan.commitments[n - 1]
    assert c.number == n
    return c


def _text_matches(actual: str | None, expected: str | None) -> bool:
    if expected is None or actual is None:
        return actual == expected
    if expected.endswith("…"):
        return actual.startswith(expected[:-1])
    return actual == expected


def _unbullet(text: str) -> str:
    return re.sub(r"^[-–•]\s*", "", text.strip())


def test_ten_commitments_are_covered():
    assert NUMBERS == [1, 3, 12, 20, 24, 33, 37, 44, 47, 52]


@pytest.mark.parametrize("n", NUMBERS)
def test_heading(plan, n):
    c, e = _commitment(plan, n), EXPECTED[n]
    assert c.title == e["title"]
    assert c.chapter == e["chapter"]


@pytest.mark.parametrize("n", NUMBERS)
def test_span(plan, n):
    c = _commitment(plan, n)
    assert (c.span.start, c.span.end) == EXPECTED[n]["span"]
    assert [(m.span.start, m.span.end) for m in c.milestones] == EXPECTED[n]["milestone_lines"]


@pytest.mark.parametrize("n", NUMBERS)
def test_period(plan, n):
    c, (text, start, end) = _commitment(plan, n), EXPECTED[n]["period"]
    assert c.period is not None
    assert (c.period.text, c.period.start, c.period.end) == (text, start, end)


@pytest.mark.parametrize("n", NUMBERS)
def test_leads(plan, n):
    c, e = _commitment(plan, n), EXPECTED[n]
    assert c.lead_heading == e["lead_heading"]
    assert [m.text for m in c.leads] == [t for t, _ in e["leads"]]
    for mention, (_, key) in zip(c.leads, e["leads"]):
        if key is not None:
            assert mention.key == key, mention.text


@pytest.mark.parametrize("n", NUMBERS)
def test_parts(plan, n):
    c, e = _commitment(plan, n), EXPECTED[n]["parts"]
    assert [p.kind for p in c.parts] == list(e)
    for part in c.parts:
        first, last, start, end = e[part.kind]
        assert part.text.startswith(first), (part.kind, part.text[:80])
        assert part.text.endswith(last), (part.kind, part.text[-80:])
        assert (part.span.start, part.span.end) == (start, end), part.kind


@pytest.mark.parametrize("n", NUMBERS)
def test_additional(plan, n):
    c, e = _commitment(plan, n), EXPECTED[n]["additional"]
    assert len(c.additional) == len(e), [(p.kind, p.span) for p in c.additional]
    for part, (kind, first, last, start, end) in zip(c.additional, e):
        assert part.kind == kind
        assert part.text.startswith(first), part.text[:80]
        assert part.text.endswith(last), part.text[-80:]
        assert (part.span.start, part.span.end) == (start, end)


@pytest.mark.parametrize("n", NUMBERS)
def test_notes(plan, n):
    c, e = _commitment(plan, n), EXPECTED[n]["notes"]
    actual = [_unbullet(p.text) for p in c.notes]
    assert len(actual) == len(e), actual
    for got, want in zip(actual, e):
        assert _text_matches(got, want), (got, want)


@pytest.mark.parametrize("n", NUMBERS)
def test_milestones(plan, n):
    c, e = _commitment(plan, n), EXPECTED[n]["milestones"]
    got = [(m.text, m.date.text if m.date else None) for m in c.milestones]
    assert len(c.milestones) == len(e), got
    for k, (ms, (text, date_text, start, end, parent)) in enumerate(zip(c.milestones, e), 1):
        assert ms.number == k
        assert _text_matches(ms.text, text), (k, ms.text)
        assert (ms.date.text if ms.date else None) == date_text, (k, ms.text)
        assert (ms.date.start if ms.date else None, ms.date.end if ms.date else None) == (start, end), (k, ms.text)
        assert ms.parent == parent, (k, ms.text)


@pytest.mark.parametrize("n", NUMBERS)
def test_contacts(plan, n):
    c, e = _commitment(plan, n), EXPECTED[n]["contacts"]
    got = [dict(name=x.name, role=x.role, organisation=x.organisation, emails=x.emails,
                phones=x.phones, kind=x.kind,
                organisation_key=x.organisation_key if want["organisation_key"] else None)
           for x, want in zip(c.contacts, e)]
    assert len(c.contacts) == len(e), [x.name for x in c.contacts]
    assert got == e


@pytest.mark.parametrize("n", NUMBERS)
def test_actors(plan, n):
    c, e = _commitment(plan, n), EXPECTED[n]["actors"]
    assert [(a.mention.text, a.category) for a in c.actors] == [(t, cat) for t, cat, _ in e]
    for actor, (_, _, key) in zip(c.actors, e):
        if key is not None:
            assert actor.mention.key == key, actor.mention.text


@pytest.mark.parametrize("n", NUMBERS)
def test_legal_texts(plan, n):
    c, e = _commitment(plan, n), EXPECTED[n]["legal"]
    assert [(t.span.start, t.kind, t.number, t.date, t.key, t.text) for t in c.legal_texts] == e


@pytest.mark.parametrize("n", NUMBERS)
def test_money(plan, n):
    c, e = _commitment(plan, n), EXPECTED[n]["money"]
    assert [(m.span.start, m.value, m.currency, m.text) for m in c.money] == e


@pytest.mark.parametrize("n", NUMBERS)
def test_web(plan, n):
    c, e = _commitment(plan, n), EXPECTED[n]["web"]
    # A pair means the address is written exactly as its normalised URL.
    assert [(w.span.start, w.url, w.text) for w in c.web] == [w if len(w) == 3 else (*w, w[1]) for w in e]


@pytest.mark.parametrize("n", NUMBERS)
def test_programmes(plan, n):
    c, e = _commitment(plan, n), EXPECTED[n]["programmes"]
    assert [(p.span.start, p.key, p.text) for p in c.programmes] == e


@pytest.mark.parametrize("n", NUMBERS)
def test_ogp_values(plan, n):
    c, e = _commitment(plan, n), EXPECTED[n]["ogp_values"]
    assert set(c.ogp_values) == e
    assert len(c.ogp_values) == len(set(c.ogp_values))

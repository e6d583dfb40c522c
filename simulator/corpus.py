"""French recruiting vocabulary the generator draws from (constants only)."""

from __future__ import annotations

# fmt: off

FIRST_NAMES = (
    "Léa", "Chloé", "Manon", "Camille", "Inès", "Zoé", "Anaïs", "Maëlle", "Éloïse", "Noémie",
    "Hélène", "Cécile", "Gaëlle", "Françoise", "Sophie", "Julie", "Sarah", "Emma", "Clara",
    "Lucie", "Amélie", "Océane", "Yasmine", "Aïcha", "Mélissa", "Louis", "Lucas", "Hugo",
    "Théo", "Jules", "Nathan", "Gabriel", "Raphaël", "Noé", "Loïc", "Joël", "Jérôme",
    "François", "Clément", "Benoît", "Grégoire", "Mathéo", "Élie", "Thibault", "Karim",
    "Mehdi", "Antoine", "Julien", "Maxime", "Quentin", "Anh", "Aurélien", "Stéphane",
)

LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert",
    "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc",
    "Guérin", "Muller", "Henry", "Roussel", "Perrin", "Morin", "Mathieu", "Gauthier",
    "Fontaine", "Chevalier", "Robin", "Benoît", "Ménard", "Boyer", "Lemaître", "Besançon",
    "Nguyen", "Benali", "Da Silva", "Le Gall", "Kerbraç", "Brunoï",
)

# Reserved example domains only: generated addresses must never reach a real mailbox.
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")

# (locality, postal code, region = admin level 1, departement = admin level 2, country, lat, lng)
CITIES = (
    ("Paris", "75002", "Île-de-France", "Paris", "France", "48.8686", "2.3412"),
    ("Lyon", "69003", "Auvergne-Rhône-Alpes", "Rhône", "France", "45.7597", "4.8422"),
    ("Marseille", "13001", "Provence-Alpes-Côte d'Azur", "Bouches-du-Rhône", "France",
     "43.2965", "5.3698"),
    ("Toulouse", "31000", "Occitanie", "Haute-Garonne", "France", "43.6047", "1.4442"),
    ("Nantes", "44000", "Pays de la Loire", "Loire-Atlantique", "France", "47.2184", "-1.5536"),
    ("Bordeaux", "33000", "Nouvelle-Aquitaine", "Gironde", "France", "44.8378", "-0.5792"),
    ("Lille", "59000", "Hauts-de-France", "Nord", "France", "50.6292", "3.0573"),
    ("Rennes", "35000", "Bretagne", "Ille-et-Vilaine", "France", "48.1173", "-1.6778"),
    ("Strasbourg", "67000", "Grand Est", "Bas-Rhin", "France", "48.5734", "7.7521"),
    ("Montpellier", "34000", "Occitanie", "Hérault", "France", "43.6108", "3.8767"),
    ("Grenoble", "38000", "Auvergne-Rhône-Alpes", "Isère", "France", "45.1885", "5.7245"),
    ("Clermont-Ferrand", "63000", "Auvergne-Rhône-Alpes", "Puy-de-Dôme", "France",
     "45.7772", "3.0870"),
)
ABROAD = ("Bruxelles", "1000", "Région de Bruxelles-Capitale", "Bruxelles", "Belgique",
          "50.8503", "4.3517")

ROUTES = (
    "Rue de la République", "Avenue Jean Jaurès", "Boulevard Haussmann", "Rue Nationale",
    "Quai des Chartrons", "Rue Sainte-Catherine", "Place Bellecour", "Rue du Faubourg",
    "Allée des Tilleuls", "Rue Victor Hugo",
)

# contract_type_id -> label; 9 is a label the gateway does not know.
CONTRACTS = {1: "CDI", 2: "CDD", 3: "Stage", 4: "Alternance", 5: "Intérim", 6: "Freelance",
             7: "Saisonnier", 9: "Portage salarial"}
CONTRACT_WEIGHTS = {1: 40, 2: 15, 3: 8, 4: 8, 5: 8, 6: 6, 7: 5, 9: 2}
EDUCATION_LEVELS = {1: "Sans diplôme", 2: "CAP / BEP", 3: "Bac", 4: "Bac +2", 5: "Bac +3",
                    6: "Bac +5", 7: "Doctorat"}
ACTIVITIES = {25: "Internet", 12: "Banque / Assurance", 30: "Industrie", 18: "Distribution",
              40: "Santé", 8: "BTP", 33: "Conseil"}
CHANNELS = {2: "Commerce / Vente", 5: "Informatique", 7: "Ressources humaines",
            9: "Finance / Comptabilité", 11: "Production / Maintenance",
            13: "Marketing / Communication", 15: "Santé / Social",
            17: "Hôtellerie / Restauration"}
# (title, channel_id, metier_id, metier label, education_level_id)
JOBS = (
    ("Développeur Python H/F", 5, 61, "Développeur", 6),
    ("Ingénieur DevOps H/F", 5, 62, "Ingénieur système", 6),
    ("Data Analyst H/F", 5, 63, "Analyste de données", 6),
    ("Product Owner H/F", 5, 64, "Chef de produit", 6),
    ("Technicien support informatique H/F", 5, 65, "Technicien informatique", 4),
    ("Commercial terrain H/F", 2, 49, "Commercial conseil", 4),
    ("Conseiller clientèle H/F", 2, 50, "Conseiller de vente", 3),
    ("Business Developer H/F", 2, 51, "Ingénieur commercial", 5),
    ("Chargé de recrutement H/F", 7, 71, "Chargé de recrutement", 5),
    ("Responsable RH H/F", 7, 72, "Responsable ressources humaines", 6),
    ("Comptable fournisseurs H/F", 9, 81, "Comptable", 4),
    ("Contrôleur de gestion H/F", 9, 82, "Contrôleur de gestion", 6),
    ("Technicien de maintenance H/F", 11, 91, "Technicien de maintenance", 4),
    ("Électricien bâtiment H/F", 11, 92, "Électricien", 2),
    ("Préparateur de commandes H/F", 11, 93, "Préparateur de commandes", 1),
    ("Chef de projet digital H/F", 13, 101, "Chef de projet web", 5),
    ("Chargé de communication H/F", 13, 102, "Chargé de communication", 5),
    ("Infirmier de nuit H/F", 15, 111, "Infirmier", 5),
    ("Aide-soignant H/F", 15, 112, "Aide-soignant", 2),
    ("Serveur H/F", 17, 121, "Serveur", 1),
    ("Cuisinier H/F", 17, 122, "Cuisinier", 2),
    ("Réceptionniste d'hôtel H/F", 17, 123, "Réceptionniste", 3),
)
EXPERIENCES = (1, 2, 4, 6, 11)

COLUMNS = (
    ("Nouveau", False), ("Présélectionné", False), ("Entretien RH", False),
    ("Entretien manager", False), ("Offre", False), ("Recruté", True),
)

# Official job boards: (C4 offerer_id, label)
OFFERERS = ((75, "Site carrière"), (12, "Indeed"), (31, "LinkedIn"),
            (44, "Welcome to the Jungle"), (58, "France Travail"), (63, "HelloWork"))
CUSTOM_SOURCES = ("Cooptation", "Salon étudiant", "Candidature spontanée")

# (title, `;` values, multiple, creatable)
CANDIDATE_TAGS = (
    ("Langues", "Anglais;Espagnol;Allemand;Italien", True, False),
    ("Disponibilité", "Immédiate;1 mois;3 mois", False, False),
    ("Permis", "B;C;CE", True, False),
    ("Vivier", "", False, True),
)
VACANCY_TAGS = ("Service IT", "Service RH", "Siège", "Réseau agences")
FREE_TAG_VALUES = ("Profil senior", "À recontacter", "Top profil", "Mobilité Paris")

QUESTION_SPECS = (
    # (type, text, options, required)
    ("text", "Quel est votre poste actuel ?", "", True),
    ("textarea", "Pourquoi souhaitez-vous nous rejoindre ?", "", False),
    ("number", "Combien d'années d'expérience avez-vous ?", "", True),
    ("yesno", "Êtes-vous titulaire du permis B ?", "Oui;Non", True),
    ("boolean", "Acceptez-vous les déplacements ?", "", False),
    ("select", "Quel est votre niveau d'études ?", "Bac;Bac +2;Bac +3;Bac +5", True),
    ("radio", "Quelle est votre disponibilité ?", "Immédiate;1 mois;3 mois", False),
    ("checkbox", "Quelles langues parlez-vous ?", "Anglais;Espagnol;Allemand", False),
    ("multiselect", "Quels outils maîtrisez-vous ?", "Excel;SAP;Salesforce;Python", False),
    ("date", "À partir de quand êtes-vous disponible ?", "", False),
    ("file", "Joignez votre portfolio", "", False),
    ("info", "Le poste implique des astreintes un week-end sur quatre.", "", False),
    ("slider", "Évaluez votre niveau d'anglais (1 à 10)", "1;10", False),
)

COVER_LETTERS = (
    "",
    "Votre offre a retenu toute mon attention.",
    "Je suis très motivé(e) par ce poste et disponible rapidement.",
    "Fort(e) d'une expérience réussie, je souhaite rejoindre votre équipe.",
)

COMPANIES = (
    ("acme", "Acme Recrutement", 33), ("globex", "Globex France", 30),
    ("initech", "Initech SAS", 25), ("umbrella", "Umbrella Santé", 40),
    ("hooli", "Hooli", 25), ("soylent", "Soylent Distribution", 18),
)

CV_EXTENSIONS = (("pdf", 80), ("docx", 12), ("doc", 5), ("odt", 3))
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain",
    "rtf": "application/rtf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
# fmt: on

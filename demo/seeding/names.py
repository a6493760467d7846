"""Fixed lists of names for the demo data set.

The lists are part of the scenario: reordering or editing them changes every
generated profile, so add names at the end only. First names mix the names
common among people born in the region between 1960 and 2007; last names are
frequent in the Nord, the Pas-de-Calais and Picardy.
"""

# fmt: off
FIRST_NAMES: tuple[str, ...] = (
    "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie", "Laura", "Marine", "Pauline", "Mathilde",
    "Clara", "Océane", "Justine", "Anaïs", "Lucie", "Élodie", "Émilie", "Céline", "Aurélie", "Stéphanie",
    "Sandrine", "Nathalie", "Isabelle", "Valérie", "Sophie", "Caroline", "Virginie", "Audrey", "Mélanie", "Jessica",
    "Amandine", "Charlotte", "Morgane", "Margaux", "Louise", "Jade", "Lina", "Zoé", "Yasmine", "Fatima", "Samira",
    "Nadia", "Leïla", "Myriam", "Sonia", "Karima", "Aïcha", "Naïma", "Christine", "Martine", "Brigitte", "Sylvie",
    "Catherine", "Françoise", "Dominique", "Patricia", "Véronique", "Corinne", "Fanny", "Noémie", "Alicia", "Kelly",
    "Cindy", "Coralie", "Maëlle", "Ophélie", "Agathe", "Salomé", "Mariam", "Aminata", "Fatoumata", "Awa", "Khadija",
    "Hanane", "Nour", "Rania", "Elif", "Agnieszka", "Thomas", "Nicolas", "Julien", "Maxime", "Kévin", "Alexandre",
    "Romain", "Anthony", "Quentin", "Florian", "Jérémy", "Mickaël", "Sébastien", "Guillaume", "Benjamin", "Antoine",
    "Hugo", "Lucas", "Théo", "Nathan", "Mathis", "Enzo", "Louis", "Gabriel", "Jules", "Arthur", "Tom", "Dylan",
    "Clément", "Valentin", "Mohamed", "Karim", "Mehdi", "Yassine", "Rachid", "Samir", "Bilal", "Sofiane", "Nabil",
    "Hakim", "Philippe", "Christophe", "Stéphane", "Frédéric", "Laurent", "Pascal", "Thierry", "Patrick", "Éric",
    "Olivier", "Jean-Marc", "Jean-Pierre", "Jean-Luc", "Bruno", "Didier", "Franck", "David", "Cédric", "Fabrice",
    "Grégory", "Mamadou", "Moussa", "Ibrahima", "Oumar", "Youssouf", "Emre", "Mustafa", "Piotr", "Bogdan", "Dmytro",
)

LAST_NAMES: tuple[str, ...] = (
    "Lefebvre", "Lefèvre", "Dubois", "Leroy", "Lemaire", "Delattre", "Vandamme", "Dhalluin", "Deleplanque",
    "Vanhoutte", "Delcroix", "Lemoine", "Martin", "Bernard", "Petit", "Durand", "Dupont", "Duhamel", "Carpentier",
    "Lecomte", "Caron", "Fontaine", "Lambert", "Leclercq", "Lecocq", "Delannoy", "Debruyne", "Vandenberghe",
    "Verhaeghe", "Declercq", "Desmet", "Dewaele", "Vermeersch", "Van de Velde", "Deschamps", "Boulanger", "Mercier",
    "Masson", "Morel", "Denis", "Dufour", "Roussel", "Poulain", "Hennebert", "Wattel", "Wallart", "Bourgois",
    "Cuvelier", "Delplace", "Desmarets", "Dumont", "Duquesne", "Flament", "Gosselin", "Hochart", "Lagache",
    "Leblanc", "Leclerc", "Legrand", "Lejeune", "Lemaître", "Leroux", "Lesage", "Levasseur", "Lheureux", "Lhomme",
    "Macquet", "Marchand", "Meunier", "Noël", "Obert", "Pruvost", "Ramette", "Sauvage", "Szymanski", "Kowalski",
    "Nowak", "Wozniak", "Lewandowski", "Dąbrowski", "Tison", "Vasseur", "Warin", "Bailleul", "Becquart",
    "Beauchamp", "Boucher", "Bruneel", "Catteau", "Coppin", "Courtois", "Couvreur", "Dambrine", "Debaecker",
    "Decool", "Defrance", "Degand", "Delbecque", "Delepine", "Delvallez", "Demarcq", "Deprez", "Derache",
    "Desbonnet", "Devos", "Duflos", "Dujardin", "Facon", "Fournier", "François", "Ghesquière", "Godin",
    "Hautecoeur", "Herbaut", "Hoornaert", "Huchette", "Lanvin", "Lecaille", "Lenoir", "Lepers", "Benali",
    "Benaissa", "Bouzid", "Haddad", "Khelifi", "Mansouri", "Boukhris", "Hamidi", "Amrani", "Belkacem", "Diallo",
    "Traoré", "Koné", "Camara", "Diop", "Ndiaye", "Sow", "Cissé", "Yilmaz", "Kaya", "Demir", "Çelik", "Da Silva",
    "Ferreira", "Pereira", "Rodrigues", "Garcia", "Martinez", "Lopez", "Sanchez",
)

STREETS: tuple[str, ...] = (
    "rue de la République", "rue Nationale", "avenue de la Gare", "rue du Général de Gaulle", "rue Jean Jaurès",
    "boulevard de la Liberté", "rue Victor Hugo", "rue Pasteur", "zone d'activités du Moulin", "rue de l'Industrie",
    "chemin des Postes", "rue des Entrepreneurs", "avenue de l'Europe", "rue Léon Blum",
    "parc d'activités des Prés",
)
# fmt: on

"""The load test's users, by front door (``load/locustfile.py`` runs them): the employer portal, the staff
workspace, the territorial reports; ``scenario.base`` is what they share."""

"""Loaders of the reference data.

Each loader reads its source, checks every row and raises ``LoaderError`` with
the file and line of each problem before writing anything; ``load_all`` runs
them in one transaction, so a bad file loads nothing. Loading twice gives the
same rows: every loader upserts on a natural key.
"""

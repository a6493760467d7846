"""The demo data set: platforms, logins, employers with their needs, and job seekers of Hauts-de-France.

``scenario``, ``staffing`` and ``snapshot`` generate it from a seed without a
database; ``services.demo_seed`` stores it, with ``accounts``, ``staffing_writer`` and
``writer``; ``manage.py seed_demo`` calls it.
"""

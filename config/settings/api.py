"""The REST API's settings (Django REST framework and drf-spectacular), shared by every environment.

``API_APPS`` are appended to ``INSTALLED_APPS`` by ``base.py``.
"""

API_APPS: list[str] = []

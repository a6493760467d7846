"""Security settings shared by every environment: content security policy, cookies, sessions, uploads.

``production.py`` adds what only makes sense behind HTTPS (HSTS, secure cookies, SSL redirect).
"""

"""Security settings shared by every environment: content security policy, cookies, sessions, uploads.

``production.py`` adds what only makes sense behind HTTPS (HSTS, secure cookies, SSL redirect).
"""

from pathlib import Path

from django.utils.csp import CSP

from config.env import VAR_DIR, env

# Content security policy, sent by django.middleware.csp.ContentSecurityPolicyMiddleware on every response.
# Scripts and styles come from our own static files; an inline <script> or <style> runs only with the response's
# nonce (``{% csp_nonce_attr %}`` or ``nonce="{{ csp_nonce }}"``, from the csp context processor). No
# 'unsafe-inline', no 'unsafe-eval': an inline event handler (onclick=...) or a style="" attribute is refused.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # Django's admin writes one nonced <style> on a change list without actions: hence the nonce here too.
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Sessions end after 30 minutes without a request: the expiry stored with the session (server side) moves forward
# as requests come, saved again at most once a minute (accounts/session_store.py) rather than at every request
# (SESSION_SAVE_EVERY_REQUEST would write a row per request, polling included). allauth's login
# (ACCOUNT_SESSION_REMEMBER = False) also ends the cookie with the browser.
SESSION_ENGINE = "accounts.session_store"
SESSION_COOKIE_AGE = 30 * 60
SESSION_IDLE_REFRESH_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: forms carry {% csrf_token %}, and htmx only sends GET requests.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# Flash messages may name a candidate ("Sami Lefebvre is on the shortlist"): keep them in the server-side session
# rather than in a cookie the browser stores.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Candidates' documents (candidates/documents.py): outside the static and media folders, never served by the web
# server; only the download views, which check who asks, read them.
PRIVATE_MEDIA_ROOT = Path(env.str("TREMPLIN_PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private-media")))
CANDIDATE_DOCUMENT_MAX_BYTES = 5 * 1024 * 1024

# Logging: settings.LOGGING (base.py), applied with a filter that keeps template context dumps, which hold personal
# data, out of the logs even at DEBUG (config/log_privacy.py).
LOGGING_CONFIG = "config.log_privacy.logging_configure"

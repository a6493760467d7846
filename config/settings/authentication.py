"""Authentication settings (django-allauth and its MFA module), shared by every environment.

People log in by e-mail and password on allauth's login page; the admin's own login page redirects there
(see ``accounts/mfa.py``). Staff must use two-factor authentication: a TOTP authenticator app, with
recovery codes for a lost phone. allauth asks for the code at login; a staff member who has no authenticator
yet is sent to set one up before any other page.
"""

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# LOGIN_URL stays "admin:login" (base.py): accounts/mfa.py sends that page on to allauth's login.
LOGIN_REDIRECT_URL = "admin:index"
# After login, staff go to the admin and everyone else to the employer portal; after sign-up, to the access request.
ACCOUNT_ADAPTER = "notifications.account_adapter.NoticeAccountAdapter"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

# E-mail only: the user model has no username.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# People who sign up log in only once they have confirmed their address: only then can sign-up answer an address
# that has an account (an employer's, staff's) exactly as a new one, the mailbox's owner alone being told by e-mail
# which it was. Staff accounts are made in the admin, with no address to confirm: the adapter's login stages ask for
# a confirmation only from accounts that have an address record, which sign-up always makes
# (accounts/adapter.py, SignUpEmailVerificationStage).
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# The confirmation link, followed in the browser that signed up, logs in and goes on (to an invitation, say).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Shared computers in job centres: the session ends with the browser, and there is no "remember me" box.
ACCOUNT_SESSION_REMEMBER = False

# Failed logins: 5 per account in 5 minutes, answered "Too many failed login attempts. Try again later." on the
# form. Per address, the ceiling is high enough that one person's mistakes never lock out a whole office
# behind one NAT address, and it lasts one minute. Nothing is ever locked for good.
# The MFA code step counts its failures under the same action, per user.
ACCOUNT_RATE_LIMITS = {
    "login": "60/m/ip",
    "login_failed": "30/m/ip,5/5m/key",
}

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# TOTP secrets and recovery-code seeds are stored encrypted (accounts/mfa_secrets.py).
MFA_ADAPTER = "accounts.mfa_secrets.EncryptingMFAAdapter"
MFA_TOTP_ISSUER = "Tremplin"
# A code from the previous or next 30-second step is accepted too: phones' clocks drift. A code is used once.
MFA_TOTP_TOLERANCE = 1
MFA_RECOVERY_CODE_COUNT = 10

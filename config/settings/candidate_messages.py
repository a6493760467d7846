"""Messages to candidates: the secure links (``matching.services.links``) and the SMS that carry them
(``notifications.sms``), shared by every environment."""

from config.env import env

# How long a link sent to a candidate stays usable.
CANDIDATE_LINK_LIFETIME_DAYS = env.int("CANDIDATE_LINK_LIFETIME_DAYS", default=7)
# Rate limits of sending: per candidate over a day (all purposes), per staff member over an hour (bulk sends).
CANDIDATE_LINKS_PER_CANDIDATE_PER_DAY = env.int("CANDIDATE_LINKS_PER_CANDIDATE_PER_DAY", default=3)
CANDIDATE_LINKS_PER_STAFF_PER_HOUR = env.int("CANDIDATE_LINKS_PER_STAFF_PER_HOUR", default=300)
# Requests to the link pages per client address and minute, valid or not: guessing a token is hopeless anyway
# (256 bits), this keeps a scan from loading the database.
CANDIDATE_LINK_PAGE_REQUESTS_PER_MINUTE = env.int("CANDIDATE_LINK_PAGE_REQUESTS_PER_MINUTE", default=30)

# SMS: "console" prints them (a developer's machine, the demo); "brevo" sends them through Brevo's transactional
# SMS API (https://developers.brevo.com/reference/sendtransacsms) with SMS_API_KEY, from SMS_SENDER (at most 11
# letters and digits, or a phone number).
SMS_BACKEND = env.str("SMS_BACKEND", default="console")
SMS_API_KEY = env.str("SMS_API_KEY", default="")
SMS_API_URL = env.str("SMS_API_URL", default="https://api.brevo.com/v3/transactionalSMS/sms")
SMS_SENDER = env.str("SMS_SENDER", default="Tremplin")
SMS_TIMEOUT_SECONDS = env.float("SMS_TIMEOUT_SECONDS", default=10.0)

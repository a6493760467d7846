"""Logging without personal data: the logging set-up of every environment (``LOGGING_CONFIG`` in security.py).

Django's template engine logs, at DEBUG, every variable a template fails to resolve, with the exception's traceback,
whose message is the ``repr`` of the whole template context: an import's report with the rows of the file, a form
with what was typed, a candidate's name. ``TemplateContextFilter`` keeps the line ("Exception while resolving
variable 'x' in template 'y'") and drops the traceback, so that ``LOG_LEVEL=DEBUG`` on a server writes no personal
data. Our own code logs ids only (tests/security/test_no_personal_data_leaks.py checks both).
"""

import logging
import logging.config

# Loggers whose exception tracebacks carry a template context.
TEMPLATE_LOGGERS = ("django.template",)


class TemplateContextFilter(logging.Filter):
    """Drops the traceback (and its context dump) of the template engine's records; keeps the record itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


def logging_configure(config: dict) -> None:
    """``settings.LOGGING`` as Django would apply it, then the template loggers' filter."""
    logging.config.dictConfig(config)
    for name in TEMPLATE_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, TemplateContextFilter) for existing in logger.filters):
            logger.addFilter(TemplateContextFilter())

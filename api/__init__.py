"""The REST API: per-user tokens, the error format, pagination, the schema and its documentation page."""

"""The REST API's settings (Django REST framework and drf-spectacular), shared by every environment.

``API_APPS`` are appended to ``INSTALLED_APPS`` by ``base.py``.
"""

API_APPS: list[str] = ["rest_framework", "drf_spectacular", "drf_spectacular_sidecar", "api"]

REST_FRAMEWORK = {
    # Tokens first: an anonymous request is then told 401 with "WWW-Authenticate: Token".
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: no browsable API (its pages would need inline scripts).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Tremplin API",
    "DESCRIPTION": (
        "Employers' staffing needs and presented candidates; the platforms' candidates, needs, suggestions, runs "
        "and presentations. Authenticate with “Authorization: Token <key>”. Every error has the same body: "
        '{"error": {"status", "code", "message", "fields"}}. A presentation on a shortlist has the status '
        "“shortlisted” (“proposed” before 5 December 2026: “proposed” now only means a suggestion picked by the "
        "allocation, `is_proposed`)."
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.0.3",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    # Ids in paths are positive numbers that fit a bigint (api.urls registers the "id" converter).
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 1, "maximum": 999_999_999_999_999_999}},
    "ENUM_NAME_OVERRIDES": {
        "NeedStatusEnum": "employers.enums.NeedStatus",
        "PresentationStatusEnum": "matching.enums.PresentationStatus",
        "CandidateStatusEnum": "candidates.enums.CandidateStatus",
        "ContractTypeEnum": "employers.enums.ContractType",
        "WorkingTimeEnum": "employers.enums.WorkingTime",
        "RunStatusEnum": "matching.enums.RunStatus",
        "RunScopeEnum": "matching.enums.RunScope",
        "FollowUpResultEnum": "matching.enums.FollowUpResult",
        "HireEndReasonEnum": "matching.enums.HireEndReason",
        "PresentedStatusEnum": "api.employer_serializers.PRESENTED_STATUS_CHOICES",
        "PresentationStepEnum": "api.presentations.STEP_CHOICES",
        "CandidateAnswerEnum": "matching.enums.CandidateAnswer",
        "SessionKindEnum": "matching.enums.SessionKind",
        "CandidateAnswerStepEnum": "api.presentations.ANSWER_CHOICES",
        "SkillLevelEnum": "candidates.enums.SkillLevel",
        "CefrLevelEnum": "referentials.enums.CefrLevel",
        "TrainingKindEnum": "employers.enums.TrainingKind",
        "DropOutReasonEnum": "matching.enums.DropOutReason",
    },
    # The documentation page loads Swagger UI from our own static files (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": False, "displayOperationId": True},
}

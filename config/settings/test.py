"""Settings for the test suite: the same backends as configured, faster hashing."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = env.str("TEST_LANGUAGE_CODE", default="fr")
# Tests change the data and look at the dashboard again at once; one test turns the cache on.
DASHBOARD_CACHE_SECONDS = 0
TODO_HEADER_CACHE_SECONDS = 0
CANDIDATE_SEARCH_OCCUPATIONS_CACHE_SECONDS = 0
LIST_COUNT_CACHE_SECONDS = 0
DEMO_DATA_ALLOWED = True
# Each test's data is rolled back or flushed, which a process's kept columns would outlive: the tests of the warm
# columns turn them on, for their own processes (and a worker started with MATCHING_WARM_COLUMNS=true).
MATCHING_WARM_COLUMNS = env.bool("MATCHING_WARM_COLUMNS", default=False)

# Tests start real worker processes: they must reach the same test database and a queue of their own.
# TEST_RUN_NAME keeps two test runs on one machine apart (their databases and queues).
TEST_RUN_NAME = env.str("TEST_RUN_NAME", default="tremplin")
# Runs on one machine share its Redis, and their databases hand out the same ids: each run's cache keys are its own.
CACHES["default"]["KEY_PREFIX"] = TEST_RUN_NAME  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{TEST_RUN_NAME}.sqlite3")}  # noqa: F405
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_{TEST_RUN_NAME}"}  # noqa: F405
CELERY_TASK_DEFAULT_QUEUE = f"{TEST_RUN_NAME}-test"
# No index unless a test builds one: the suggestions under test never depend on a file left by a development load.
OCCUPATION_SEMANTIC_INDEX_DIR = VAR_DIR / f"semantic-test-{TEST_RUN_NAME}"  # noqa: F405
# The link pages' rate limit counts per client address, and every test client is 127.0.0.1 in a cache shared by
# the test runs: only the test of the limit itself sets a low one.
CANDIDATE_LINK_PAGE_REQUESTS_PER_MINUTE = 100_000

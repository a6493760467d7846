import pytest

from tests.api.world import world_build


@pytest.fixture
def world(db):
    return world_build()

import pytest

from binome.cases.workflow import State
from binome.orientations import calls, services


@pytest.fixture
def sent(make_dossier):
    """A dossier whose compte-rendu was sent, with its follow-up calls planned (one FSL orientation, proposed)."""

    def make(**fields):
        dossier = make_dossier(State.SENT, **fields)
        calls.plan(dossier)
        return dossier

    return make


@pytest.fixture
def orientation(sent):
    dossier = sent()
    return services.dossier_orientations(dossier)[0]


def move(orientation, *statuses, user, **kwargs):
    for status in statuses:
        orientation = services.move(orientation, status, expected_version=orientation.version, user=user, **kwargs)
    return orientation

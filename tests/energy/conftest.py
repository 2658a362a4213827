"""Fixtures of the energy tests: the certified reference DPEs of the shared data folder (``settings.SHARED_DIR``)."""

from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture
def dpe_dir() -> Path:
    """Folder of the certified reference DPE XML files (``BINOME_SHARED_DIR``/reference/dpe)."""
    return Path(settings.SHARED_DIR) / "reference" / "dpe"

import os
from pathlib import Path

import pytest

from lurewatch._errors import DataNotFoundError
from lurewatch._paths import DATA_HINT, find_data_dir


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The real benchmark data; skips without it, except under CI where it must exist."""
    try:
        return find_data_dir()
    except DataNotFoundError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"benchmark data missing under CI: {DATA_HINT}")
        pytest.skip(f"benchmark data not found: {DATA_HINT}")


FIXTURES = Path(__file__).parent / "fixtures"

"""docs/numpy-coverage.md is what scripts/numpy_coverage.py generates from pgas's tables (not
stale), and every test it names exists. Runs on every rank (the same files)."""
import importlib.util
import pathlib
import re

import numpy as np
import pytest

from conftest import all_ranks_agree

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location("numpy_coverage",
                                                  ROOT / "scripts" / "numpy_coverage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_coverage_page_is_current():
    page = (ROOT / "docs" / "numpy-coverage.md").read_text()
    recorded = re.search(r"NumPy (\S+):", page)
    if recorded is None or recorded.group(1) != np.__version__:
        pytest.skip(f"the page was generated with NumPy {recorded and recorded.group(1)}, "
                    f"this is {np.__version__}: the function list differs")
    assert all_ranks_agree(_script().page() == page), \
        "docs/numpy-coverage.md is stale: run python scripts/numpy_coverage.py"


def test_every_named_test_exists_and_every_implementation_is_listed():
    from pgas._numpy_api import HANDLED, PROVIDED

    missing = []
    for entry in list(HANDLED.values()) + list(PROVIDED.values()):
        path, name = entry.test.split("::")
        text = (ROOT / "tests" / "python" / path).read_text()
        if not re.search(rf"^def {re.escape(name)}\(", text, re.M):
            missing.append(entry.test)
    assert all_ranks_agree(not missing), missing
    from pgas._numpy_api import function_name

    public = {id(obj) for _, obj in _script().public_functions()}
    unlisted = [function_name(f) for f in HANDLED if id(f) not in public]
    assert all_ranks_agree(not unlisted), unlisted

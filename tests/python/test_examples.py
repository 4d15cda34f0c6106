"""The examples are tests: each runs in this process on every rank of the pytest session (so at
1, 2, 3 and 4 ranks under `make test`), checks its own answer against NumPy and exits 0."""
from pathlib import Path

import pytest

from conftest import all_ranks_agree, run_example

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# (script, argv): the default sizes, and an awkward one (sizes that do not divide evenly,
# blocks smaller than the halo, fewer rows than ranks).
CASES = [
    ("stream.py", []),
    ("stream.py", ["1003", "--trials", "2"]),
    ("blur.py", []),
    ("blur.py", ["7", "30", "--radius", "3", "--passes", "2"]),
    ("fft.py", []),
    ("fft.py", ["10", "7"]),
    ("mandelbrot.py", []),
    ("mandelbrot.py", ["3", "5", "--iterations", "20"]),
    ("demo.py", []),
    ("ml_pipeline.py", []),
]


@pytest.mark.parametrize("script,args", CASES, ids=[f"{s}:{' '.join(a) or 'default'}"
                                                    for s, a in CASES])
def test_example_checks_out(script, args):
    code = run_example(EXAMPLES / script, args)
    assert all_ranks_agree(code == 0), f"{script} {' '.join(args)} exited with {code}"

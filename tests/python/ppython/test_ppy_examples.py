"""The pPython-style example programs (examples/ppython/) are tests: each runs in this process on
every rank of the pytest session (1-4 ranks), validates its own answer against NumPy and exits
0. Sizes are the programs' small defaults plus an awkward case (sizes that do not divide)."""
from pathlib import Path

import pytest

from conftest import all_ranks_agree, run_example
from _watchdog import time_limit

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "ppython"

CASES = [
    ("pStream.py", []),
    ("pStream.py", ["1001", "2"]),
    ("pFFT.py", []),
    ("pFFT.py", ["6", "10"]),
    ("pBlurimage.py", []),
    ("pBlurimage.py", ["37", "11", "4", "2"]),
    ("pHPL.py", []),
    ("pHPL.py", ["13"]),
    ("pRandomAccess.py", []),
    ("pParamSweep.py", []),
    ("pZoomImage.py", []),
    ("pZoomImage.py", ["5", "17"]),
    ("pBeamformer.py", []),
    ("pIO.py", []),
    ("pIO.py", ["9", "5"]),
]


@pytest.mark.parametrize("script,args", CASES, ids=[f"{s}:{' '.join(a) or 'default'}"
                                                    for s, a in CASES])
def test_ppython_example_checks_out(script, args):
    with time_limit(300):
        code = run_example(EXAMPLES / script, args)
    assert all_ranks_agree(code == 0), f"{script} {' '.join(args)} exited with {code}"

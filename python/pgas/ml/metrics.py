"""pgas.ml.metrics: scikit-learn's sklearn.metrics on darrays of any map and NumPy arrays.
See docs/ml.md."""
from __future__ import annotations

__all__: list = []

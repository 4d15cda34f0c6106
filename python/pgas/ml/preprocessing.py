"""pgas.ml.preprocessing: the scalers (scikit-learn's sklearn.preprocessing). See docs/ml.md."""
from __future__ import annotations

__all__: list = []

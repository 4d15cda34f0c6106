"""pgas.ml.cluster: clustering (scikit-learn's sklearn.cluster). See docs/ml.md."""
from __future__ import annotations

__all__: list = []

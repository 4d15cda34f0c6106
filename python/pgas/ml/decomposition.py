"""pgas.ml.decomposition: PCA and TruncatedSVD (scikit-learn's sklearn.decomposition).
See docs/ml.md."""
from __future__ import annotations

__all__: list = []

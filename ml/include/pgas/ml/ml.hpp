// The ml layer: scikit-learn-like estimators on darrays whose rows are spread over the ranks
// (docs/ml.md). One header per area; this one includes them all.
#pragma once

#include "pgas/ml/linear_model.hpp"
#include "pgas/ml/mixture.hpp"
#include "pgas/ml/validation.hpp"

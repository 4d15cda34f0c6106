// Every layer's C++ API in one include: #include <pgas/pgas.hpp>, link pgas::pgas. The layers
// above darray are optional builds (PGAS_LAYER_DIRS), so their headers come in when they were
// built (their include directories are then on pgas::pgas's path).
#pragma once

#include "pgas/comm.hpp"
#include "pgas/darray/column_stats.hpp"
#include "pgas/darray/darray.hpp"
#include "pgas/darray/reductions.hpp"
#include "pgas/errors.hpp"
#include "pgas/maps/dim_dist.hpp"
#include "pgas/maps/dim_layout.hpp"
#include "pgas/maps/exchange.hpp"
#include "pgas/maps/index_space.hpp"
#include "pgas/maps/map.hpp"
#include "pgas/maps/row_map.hpp"
#include "pgas/maps/runs.hpp"
#include "pgas/redistribution/redistribution_plan.hpp"
#include "pgas/text.hpp"
#include "pgas/traits.hpp"
#if __has_include("pgas/linalg/linalg.hpp")
#include "pgas/linalg/linalg.hpp"
#endif
#if __has_include("pgas/io/io.hpp")
#include "pgas/io/io.hpp"
#endif
#if __has_include("pgas/ml/ml.hpp")
#include "pgas/ml/ml.hpp"
#endif

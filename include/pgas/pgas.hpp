// The whole pgas C++ API: #include <pgas/pgas.hpp>, link pgas::pgas.
#pragma once

#include "pgas/comm.hpp"
#include "pgas/darray/column_stats.hpp"
#include "pgas/darray/darray.hpp"
#include "pgas/darray/reductions.hpp"
#include "pgas/errors.hpp"
#include "pgas/maps/dim_dist.hpp"
#include "pgas/maps/dim_layout.hpp"
#include "pgas/maps/exchange.hpp"
#include "pgas/maps/map.hpp"
#include "pgas/maps/row_map.hpp"
#include "pgas/maps/runs.hpp"
#include "pgas/redistribution/redistribution_plan.hpp"

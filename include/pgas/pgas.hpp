// The whole pgas C++ API: #include <pgas/pgas.hpp>, link pgas::pgas.
#pragma once

#include "pgas/errors.hpp"
#include "pgas/maps/dim_dist.hpp"
#include "pgas/maps/dim_layout.hpp"
#include "pgas/maps/exchange.hpp"
#include "pgas/maps/map.hpp"
#include "pgas/maps/runs.hpp"

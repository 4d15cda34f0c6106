// The comm layer of pgas: MPI communicators, typed collectives and object messages.
// docs/comm.md explains the concepts.
#pragma once

#include "pgas/comm/comm_error.hpp"
#include "pgas/comm/communicator.hpp"
#include "pgas/comm/environment.hpp"
#include "pgas/comm/mpi_type.hpp"
#include "pgas/comm/reduce_op.hpp"
#include "pgas/comm/serialize.hpp"

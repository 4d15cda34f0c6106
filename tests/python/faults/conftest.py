"""The fault suite starts 4-rank jobs itself, so it runs in one plain process
(`python -m pytest tests/python/faults`, `make test-faults`), never under mpirun: inside an MPI
job (where `pytest tests/python` runs on every rank) it collects nothing."""
import os

if "OMPI_COMM_WORLD_SIZE" in os.environ or "PMIX_RANK" in os.environ:
    collect_ignore_glob = ["test_*.py"]

# The two commands a newcomer needs:  make run  (demo on 4 local ranks)  and  make test  (everything).
# Each sets the machine up first (scripts/setup.sh is idempotent).
PYTHON  ?= python3
NP      ?= 4
JOBS    ?= 2
BUILD   ?= build/cpp
ASAN    ?= build/asan
export OMPI_ALLOW_RUN_AS_ROOT = 1
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM = 1
export OMPI_MCA_rmaps_base_oversubscribe = 1
export OMPI_MCA_btl_vader_single_copy_mechanism = none
export OPENBLAS_NUM_THREADS = 1
MPIRUN  = mpirun --oversubscribe

.PHONY: setup build python run test test-cpp test-python test-faults test-launch test-sanitize bench bench-peers format clean

setup:
	bash scripts/setup.sh

build: setup
	cmake -S . -B $(BUILD) -G Ninja -DPGAS_WERROR=ON
	cmake --build $(BUILD) -j $(JOBS)

python: setup
	$(PYTHON) -m pip install -q --no-build-isolation .

run: python
	$(MPIRUN) -n $(NP) $(PYTHON) examples/demo.py

test: test-cpp test-python test-faults test-launch

test-cpp: build
	cd $(BUILD) && ctest --output-on-failure -j 1

test-python: python
	@for n in 1 2 3 4; do \
	  echo "== pytest on $$n rank(s)"; \
	  timeout 1200 $(MPIRUN) -n $$n scripts/rank0-stdout $(PYTHON) -m pytest -q -p no:cacheprovider --color=no tests/python || exit 1; \
	done

# One rank ending in every way ends the whole job (docs/failure-model.md): 4-rank jobs started
# by one plain pytest process, never under mpirun.
test-faults: python
	timeout 1500 $(PYTHON) -m pytest -q -p no:cacheprovider --color=no tests/python/faults

# pgas-launch locally and on a real single-node Slurm (docs/launching.md); the cluster goes down even on failure.
test-launch: python
	@status=0; bash scripts/slurm-cluster.sh up \
	  && timeout 600 $(PYTHON) -m pytest -q -p no:cacheprovider --color=no tests/launch || status=$$?; \
	bash scripts/slurm-cluster.sh down; exit $$status

# ASan + UBSan (docs/testing.md): every C++ suite at 1-4 ranks, then the Python suites below at
# 1-4 ranks on the sanitized _core. -O1 keeps the run short; asserts stay on (Debug).
# SANITIZE_LEAKS=ON adds LeakSanitizer to the C++ suites (Open MPI's and HDF5's own allocations
# suppressed: tests/support/lsan.supp); it needs the slow unwinder, many times slower.
SANITIZE_LEAKS ?= OFF
SANITIZE_PYTESTS ?= tests/python/test_maps.py tests/python/test_darray.py \
  tests/python/test_owned_and_copy.py tests/python/test_comm.py tests/python/test_io.py \
  tests/python/test_linalg.py tests/python/test_ppython.py tests/python/ppython
test-sanitize: setup
	cmake -S . -B $(ASAN) -G Ninja -DPGAS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug \
	  "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1" "-DCMAKE_C_FLAGS_DEBUG=-g -O1" -DPGAS_BUILD_BENCH=OFF \
	  -DPGAS_BUILD_PYTHON=ON -DPython_EXECUTABLE=$$(command -v $(PYTHON)) \
	  -DPGAS_SANITIZE_LEAKS=$(SANITIZE_LEAKS)
	cmake --build $(ASAN) -j $(JOBS)
	cd $(ASAN) && ctest --output-on-failure -j 1 -E cmake_package
	bash scripts/sanitize-python.sh $(ASAN) $(PYTHON) $(SANITIZE_PYTESTS)

bench: build python
	bash bench/run.sh

# pgas next to Heat (bench/bench_peers.py). The peers live in their own virtualenv under build/,
# never a pgas dependency: torch==2.13.0 is PyTorch's CPU build (a plain `torch` is the CUDA one).
PEERS_VENV ?= build/peers-venv
# dask-ml and dask[distributed] go in first and must succeed; Heat (torch, and torchvision it
# pulls in) may fail to install on some machines: the dask-ml comparison still runs then, and
# bench_peers.py reports Heat as n/a.
$(PEERS_VENV)/bin/python:
	python3 -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/python -m pip install -q "dask[distributed]" dask-ml scikit-learn
	env MPICC=mpicc $(PEERS_VENV)/bin/python -m pip install -q --no-binary=mpi4py mpi4py \
	  || echo "peers venv: mpi4py did not build; Heat's runs will be n/a"
	$(PEERS_VENV)/bin/python -m pip install -q torch==2.13.0 heat \
	  || echo "peers venv: Heat did not install; Heat's runs will be n/a (dask-ml's still run)"

bench-peers: python $(PEERS_VENV)/bin/python
	-$(PYTHON) bench/bench_peers.py --heat-python $(PEERS_VENV)/bin/python
	$(PYTHON) bench/bench_dask_logistic.py --peers-python $(PEERS_VENV)/bin/python

format:
	find base maps comm redistribution darray linalg io ml python tests bench examples include -name '*.[ch]pp' 2>/dev/null \
	  | xargs clang-format -i

clean:
	rm -rf build

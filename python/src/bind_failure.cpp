// The part of the failure policy (python/pgas/_failure.py, docs/failure-model.md) that Python
// cannot do itself: end a rank that gets SIGINT while its main thread is blocked inside a C++
// call. Python's own SIGINT handler only sets a flag that the interpreter checks between
// bytecodes, so a rank blocked in a collective its peers never complete would ignore Ctrl-C
// forever, and so would the whole job.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bindings.hpp"
#include "pgas/comm/agreement.hpp"
#include "pgas/darray/context.hpp"
#include "pgas/errors.hpp"

namespace pgas::python {
namespace {

struct sigaction python_handler {};
timer_t unanswered_timer{};
timespec answer_grace{};
std::string unanswered_message;  // built before the handler is installed: no allocation later
constexpr int interrupted_status = 128 + SIGINT;

void on_interrupt(int signum, siginfo_t* info, void* context) {
  if ((python_handler.sa_flags & SA_SIGINFO) != 0) {
    python_handler.sa_sigaction(signum, info, context);
  } else if (python_handler.sa_handler != SIG_DFL && python_handler.sa_handler != SIG_IGN) {
    python_handler.sa_handler(signum);
  }
  itimerspec once{};
  once.it_value = answer_grace;
  timer_settime(unanswered_timer, 0, &once, nullptr);  // async-signal-safe
}

void on_unanswered(sigval) {
  // Runs in a thread of its own, so it may write; _exit without MPI_Finalize makes mpirun (or
  // srun) end the other ranks.
  [[maybe_unused]] auto written =
      write(STDERR_FILENO, unanswered_message.data(), unanswered_message.size());
  _exit(interrupted_status);
}

void watch_interrupts(double grace_seconds, int rank) {
  if (!(grace_seconds > 0) || !std::isfinite(grace_seconds))
    throw ValueError("watch_interrupts: grace_seconds must be a positive number of seconds");
  static bool timer_created = false;
  if (!timer_created) {
    sigevent event{};
    event.sigev_notify = SIGEV_THREAD;
    event.sigev_notify_function = on_unanswered;
    if (timer_create(CLOCK_MONOTONIC, &event, &unanswered_timer) != 0)
      throw std::runtime_error("watch_interrupts: timer_create failed");
    timer_created = true;
  }
  const double whole = std::floor(grace_seconds);
  answer_grace.tv_sec = static_cast<time_t>(whole);
  answer_grace.tv_nsec = static_cast<long>((grace_seconds - whole) * 1e9);
  const std::string r = std::to_string(rank);
  unanswered_message = "[rank " + r + "] pgas: SIGINT reached rank " + r +
                       " while it was blocked inside a pgas call and it did not return within " +
                       std::to_string(grace_seconds) + " s: ending the job (status " +
                       std::to_string(interrupted_status) + ")\n";
  struct sigaction ours {};
  ours.sa_sigaction = on_interrupt;
  ours.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&ours.sa_mask);
  struct sigaction current {};
  sigaction(SIGINT, nullptr, &current);
  if ((current.sa_flags & SA_SIGINFO) != 0 && current.sa_sigaction == on_interrupt) return;
  python_handler = current;
  sigaction(SIGINT, &ours, nullptr);
}

void interrupt_answered() {
  itimerspec off{};
  timer_settime(unanswered_timer, 0, &off, nullptr);
}

}  // namespace

void bind_failure(pybind11::module_& m) {
  namespace py = pybind11;
  m.def(
      "check_same_arguments",
      [](const std::shared_ptr<Context>& ctx, const std::string& call,
         const std::vector<std::pair<std::string, std::uint64_t>>& arguments) {
        std::vector<comm::ArgumentFingerprint> fingerprints;
        fingerprints.reserve(arguments.size());
        for (const auto& [name, hash] : arguments) fingerprints.push_back({name, hash});
        comm::check_same_arguments(ctx->comm(), call, fingerprints);
      },
      py::arg("ctx"), py::arg("call"), py::arg("arguments"),
      "ValueError on every rank unless every rank passed the same (name, hash) list; one small "
      "allreduce (pgas/comm/agreement.hpp). Collective.");
  m.def(
      "agree_outcome",
      [](const std::shared_ptr<Context>& ctx, bool failed_here, const std::string& description) {
        comm::AgreedOutcome outcome = comm::agree_outcome(ctx->comm(), failed_here, description);
        return py::make_tuple(outcome.failed_ranks, py::bytes(outcome.first_description));
      },
      py::arg("ctx"), py::arg("failed_here"), py::arg("description"),
      "(failed ranks, the lowest failing rank's description); one small allreduce when no rank "
      "failed. Collective.");
  m.def("watch_interrupts", &watch_interrupts, pybind11::arg("grace_seconds"),
        pybind11::arg("rank"),
        "Wrap the current (Python) SIGINT handler: if the interpreter has not called "
        "interrupt_answered() within grace_seconds of a SIGINT, print why and _exit(130). Local.");
  m.def("interrupt_answered", &interrupt_answered,
        "Called by the Python SIGINT handler: the interrupt reached Python. Local.");
}

}  // namespace pgas::python

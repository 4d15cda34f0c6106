#include "pgas/linalg/library_info.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>

#include "pgas/linalg/local_lapack.hpp"
#include "scalapack.hpp"

namespace pgas::linalg {
namespace {

// The file that defines the function at addr, as the dynamic linker bound it.
std::string defining_file(const void* addr) {
  Dl_info info{};
  if (dladdr(addr, &info) == 0 || info.dli_fname == nullptr) return "unknown";
  return info.dli_fname;
}

// A symbol of the library at path, without loading anything new: the BLAS's own queries live
// in the same library as its dgemm_, which the process has loaded already.
class LoadedLibrary {
 public:
  explicit LoadedLibrary(const std::string& path)
      : handle_(dlopen(path.c_str(), RTLD_LAZY | RTLD_NOLOAD)) {}
  ~LoadedLibrary() {
    if (handle_ != nullptr) dlclose(handle_);
  }
  LoadedLibrary(const LoadedLibrary&) = delete;
  LoadedLibrary& operator=(const LoadedLibrary&) = delete;

  template <class Fn>
  Fn* symbol(const char* name) const {
    if (handle_ == nullptr) return nullptr;
    return reinterpret_cast<Fn*>(dlsym(handle_, name));
  }

 private:
  void* handle_;
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

int isa_rank(const std::string& isa) {
  if (isa == "avx512") return 4;
  if (isa == "avx2") return 3;
  if (isa == "avx") return 2;
  if (isa == "sse") return 1;
  return 0;
}

std::string cpu_isa() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return "avx512";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "avx2";
  if (__builtin_cpu_supports("avx")) return "avx";
  return "sse";
}

// The instruction set of a BLIS sub-configuration or an OpenBLAS core name.
std::string kernel_isa(const std::string& kernel) {
  const std::string k = lower(kernel);
  for (const char* name : {"skx", "knl", "skylakex", "cooperlake", "sapphirerapids"}) {
    if (k == name) return "avx512";
  }
  for (const char* name : {"haswell", "zen", "zen2", "zen3", "zen4", "zen5", "skylake"}) {
    if (k == name) return "avx2";
  }
  for (const char* name : {"sandybridge", "bulldozer", "piledriver", "steamroller", "excavator"}) {
    if (k == name) return "avx";
  }
  for (const char* name :
       {"penryn", "prescott", "core2", "nehalem", "dunnington", "atom", "barcelona", "opteron",
        "opteron_sse3", "bobcat", "katmai", "coppermine", "northwood", "banias", "generic"}) {
    if (k == name) return "sse";
  }
  if (k.find("avx-512") != std::string::npos || k.find("avx512") != std::string::npos) {
    return "avx512";
  }
  if (k.find("avx2") != std::string::npos) return "avx2";
  if (k == "avx" || k == "sse") return k;
  return "";
}

void describe_blis(const LoadedLibrary& lib, LibraryInfo& out) {
  using VersionFn = const char*();
  using ArchIdFn = int();
  using ArchStringFn = const char*(int);
  using IntFn = long();
  out.blas_name = "BLIS";
  if (auto* version = lib.symbol<VersionFn>("bli_info_get_version_str")) {
    out.blas_version = version();
  }
  auto* arch_id = lib.symbol<ArchIdFn>("bli_arch_query_id");
  auto* arch_string = lib.symbol<ArchStringFn>("bli_arch_string");
  if (arch_id != nullptr && arch_string != nullptr) out.blas_kernel = arch_string(arch_id());
  auto* pthreads = lib.symbol<IntFn>("bli_info_get_enable_pthreads");
  auto* openmp = lib.symbol<IntFn>("bli_info_get_enable_openmp");
  out.blas_threading = (openmp != nullptr && openmp() != 0)       ? "openmp"
                       : (pthreads != nullptr && pthreads() != 0) ? "pthreads"
                                                                  : "serial";
  // BLIS reads BLIS_NUM_THREADS, then OMP_NUM_THREADS, and runs one thread otherwise.
  out.blas_threads = 1;
  if (out.blas_threading != "serial") {
    for (const char* var : {"BLIS_NUM_THREADS", "OMP_NUM_THREADS"}) {
      if (const char* value = std::getenv(var)) {
        out.blas_threads = std::max(1, std::atoi(value));
        break;
      }
    }
  }
}

void describe_openblas(const LoadedLibrary& lib, LibraryInfo& out) {
  using StringFn = char*();
  using IntFn = int();
  out.blas_name = "OpenBLAS";
  if (auto* config = lib.symbol<StringFn>("openblas_get_config")) {
    // "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64"
    out.blas_version = config();
    if (out.blas_version.rfind("OpenBLAS ", 0) == 0) out.blas_version.erase(0, 9);
  }
  if (auto* core = lib.symbol<StringFn>("openblas_get_corename")) out.blas_kernel = core();
  if (auto* threads = lib.symbol<IntFn>("openblas_get_num_threads")) out.blas_threads = threads();
  if (auto* parallel = lib.symbol<IntFn>("openblas_get_parallel")) {
    const int model = parallel();
    out.blas_threading = model == 0 ? "serial" : model == 2 ? "openmp" : "pthreads";
  }
}

void describe_mkl(const LoadedLibrary& lib, LibraryInfo& out) {
  using VersionFn = void(char*, int);
  using IntFn = int();
  out.blas_name = "MKL";
  if (auto* version = lib.symbol<VersionFn>("mkl_get_version_string")) {
    // MKL fills the buffer without a terminating NUL when the text is as long as the buffer.
    char text[256] = {};
    version(text, static_cast<int>(sizeof text) - 1);
    out.blas_version.assign(text, strnlen(text, sizeof text - 1));
    while (!out.blas_version.empty() && out.blas_version.back() == ' ') out.blas_version.pop_back();
  }
  // The code branch MKL dispatches to on this CPU (mkl_cbwr.h's MKL_CBWR_* values; MKL is
  // optional, its headers may be absent).
  if (auto* branch = lib.symbol<IntFn>("mkl_cbwr_get_auto_branch")) {
    const int b = branch();
    out.blas_kernel = b == 12 || b == 14 ? "AVX512"
                      : b == 10          ? "AVX2"
                      : b == 9           ? "AVX"
                      : b >= 4           ? "SSE"
                                         : "branch " + std::to_string(b);
  }
  if (auto* threads = lib.symbol<IntFn>("mkl_get_max_threads")) out.blas_threads = threads();
  out.blas_threading = out.blas_threads > 1 ? "threaded" : "sequential";
}

}  // namespace

LibraryInfo library_info() {
  LibraryInfo out;
#ifdef PGAS_BLAS_CHOICE
  out.configured = PGAS_BLAS_CHOICE;
#endif
  out.blas_library = defining_file(reinterpret_cast<const void*>(&lapack::dgemm_));
  out.lapack_library = defining_file(reinterpret_cast<const void*>(&lapack::dgeqrf_));
  out.scalapack_library = defining_file(reinterpret_cast<const void*>(&detail::pdgemm_));
  out.cpu_isa = cpu_isa();

  const LoadedLibrary blas(out.blas_library);
  if (blas.symbol<void>("bli_arch_query_id") != nullptr) {
    describe_blis(blas, out);
  } else if (blas.symbol<void>("openblas_get_config") != nullptr) {
    describe_openblas(blas, out);
  } else if (blas.symbol<void>("mkl_get_version_string") != nullptr) {
    describe_mkl(blas, out);
  } else {
    out.blas_name = "unknown";
    out.blas_kernel = "unknown";
  }
  out.kernel_isa = kernel_isa(out.blas_kernel);
  // AVX2 with FMA is the floor: below it a BLAS runs at a quarter of the machine's speed or
  // less. An AVX2 kernel on an AVX-512 CPU is a fair choice (BLIS takes it on CPUs with one
  // 512-bit FMA unit, where it is as fast), so it is not flagged.
  const int wanted = std::min(isa_rank(out.cpu_isa), isa_rank("avx2"));
  out.kernel_matches_cpu = out.kernel_isa.empty() || isa_rank(out.kernel_isa) >= wanted;
  return out;
}

}  // namespace pgas::linalg

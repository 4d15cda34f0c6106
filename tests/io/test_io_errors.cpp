// Bad input: a clear exception on every rank, and nothing left half-written.
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "io_testing.hpp"

namespace pgas {
namespace {

using maps::DimDist;
using maps::Map;
using testing::all_ranks;
using testing::throws;

Map rows(int ndim = 2) {
  return io::default_map(ndim, testing::world_size());
}

TEST(IoErrors, MissingFileAndDataset) {
  testing::ScratchDir dir;
  const std::string path = dir.file("a.h5");
  EXPECT_TRUE(all_ranks(
      throws<io::FileNotFoundError>([&] { io::load<double>(path, "A"); }, "no such file")));
  EXPECT_TRUE(all_ranks(throws<io::FileNotFoundError>([&] { io::info(path); })));
  io::save(path, "A", DArray<double>::arange({4, 4}, rows()));
  EXPECT_TRUE(
      all_ranks(throws<io::KeyError>([&] { io::load<double>(path, "B"); }, "no dataset 'B'")));
  EXPECT_TRUE(all_ranks(throws<io::KeyError>([&] { io::load<double>(path, "g/A"); })));
  EXPECT_TRUE(all_ranks(throws<io::KeyError>([&] { io::dataset_info(path, ""); })));
}

TEST(IoErrors, NotAnHdf5File) {
  testing::ScratchDir dir;
  const std::string path = dir.file("text.h5");
  if (testing::world_rank() == 0) std::ofstream(path) << "not hdf5\n";
  MPI_Barrier(MPI_COMM_WORLD);
  EXPECT_TRUE(all_ranks(throws<io::IOError>([&] { io::info(path); }, "HDF5")));
  EXPECT_TRUE(all_ranks(throws<io::FileNotFoundError>([&] { io::info(dir.path()); })));
}

TEST(IoErrors, DtypeShapeAndMapMismatch) {
  testing::ScratchDir dir;
  const std::string path = dir.file("a.h5");
  io::save(path, "A", DArray<double>::arange({4, 4}, rows()));
  EXPECT_TRUE(all_ranks(
      throws<ValueError>([&] { io::load<float>(path, "A"); }, "holds float64, not float32")));
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] { io::load<bool>(path, "A", rows()); })));
  EXPECT_TRUE(
      all_ranks(throws<ValueError>([&] { io::load<double>(path, "A", rows(3)); }, "3 dimensions")));
  const Map too_big({testing::world_size() + 1, 1}, {DimDist::block()});
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] { io::load<double>(path, "A", too_big); },
                                           "outside the communicator")));
}

TEST(IoErrors, BadSaveOptions) {
  testing::ScratchDir dir;
  const auto a = DArray<double>::arange({4, 4}, rows());
  io::SaveOptions reserved, chunks, level;
  reserved.attrs["pgas_grid"] = io::AttrValue::of(std::int64_t{1});
  chunks.chunks = {2};
  level.compression = 12;
  for (const auto* o : {&reserved, &chunks, &level}) {
    EXPECT_TRUE(all_ranks(throws<ValueError>([&] { io::save(dir.file("x.h5"), "A", a, *o); })));
  }
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] { io::save(dir.file("x.h5"), "", a); })));
  if (testing::world_rank() == 0) {
    EXPECT_TRUE(dir.entries().empty());
  }
}

TEST(IoErrors, DirectoryThatCannotBeWritten) {
  testing::ScratchDir dir;
  const auto a = DArray<double>::arange({4, 4}, rows());
  EXPECT_TRUE(all_ranks(throws<io::FileNotFoundError>(
      [&] { io::save(dir.file("missing/a.h5"), "A", a); }, "missing")));
  if (testing::world_rank() == 0) std::ofstream(dir.file("plain")) << "x";
  MPI_Barrier(MPI_COMM_WORLD);
  EXPECT_TRUE(all_ranks(throws<io::IOError>([&] { io::save(dir.file("plain/a.h5"), "A", a); })));
  EXPECT_TRUE(
      all_ranks(throws<io::IOError>([&] { io::save(dir.path(), "A", a); }, "not a regular file")));
  // Permissions stop everyone but root; /proc refuses new files even to root.
  const std::string locked = ::geteuid() == 0 ? std::string("/proc") : dir.file("locked");
  if (::geteuid() != 0 && testing::world_rank() == 0) ::mkdir(locked.c_str(), 0555);
  MPI_Barrier(MPI_COMM_WORLD);
  EXPECT_TRUE(
      all_ranks(throws<io::IOError>([&] { io::save(locked + "/a.h5", "A", a); }, "cannot create")));
  if (testing::world_rank() == 0) {
    EXPECT_EQ(dir.entries().size(),
              ::geteuid() == 0 ? 1u : 2u);  // plain (+ locked): no temporaries
  }
}

TEST(IoErrors, FailedSaveLeavesTheOldFileUnchanged) {
  testing::ScratchDir dir;
  const std::string path = dir.file("keep.h5");
  io::save(path, "A", DArray<double>::arange({6, 2}, rows()));
  io::SaveOptions bad;
  bad.chunks = {100, 100};
  EXPECT_TRUE(all_ranks(throws<ValueError>([&] {
    io::save(path, "B", DArray<double>::zeros({6, 2}, rows()), bad);
  })));
  EXPECT_EQ(io::info(path).datasets.size(), 1u);
  EXPECT_TRUE(all_ranks(testing::holds_global_index(io::load<double>(path, "A"))));
  if (testing::world_rank() == 0) {
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"keep.h5"});
  }
}

}  // namespace
}  // namespace pgas

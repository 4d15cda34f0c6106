// What the file holds: attributes, chunks and compression, several datasets in one file,
// replacing a dataset, and no temporary files left behind.
#include "io_testing.hpp"

namespace pgas {
namespace {

using maps::DimDist;
using maps::Map;
using testing::all_ranks;

Map rows(int ndim = 2) {
  return io::default_map(ndim, testing::world_size());
}

TEST(IoFiles, AttributesChunksAndCompressionAreStoredAndReported) {
  testing::ScratchDir dir;
  const auto a = DArray<double>::arange({40, 30}, rows());
  io::SaveOptions options;
  options.attrs["units"] = io::AttrValue::of("m/s");
  options.attrs["step"] = io::AttrValue::of(std::int64_t{7});
  options.attrs["dt"] = io::AttrValue::of(0.25);
  options.attrs["origin"] = io::AttrValue::of(std::vector<double>{1.5, -2});
  options.attrs["ids"] = io::AttrValue::of(std::vector<std::int64_t>{3, 4, 5});
  options.chunks = {8, 30};
  options.compression = 6;
  io::save(dir.file("a.h5"), "A", a, options);

  const io::FileInfo info = io::info(dir.file("a.h5"));
  ASSERT_EQ(info.datasets.size(), 1u);
  const io::DatasetInfo& d = info.datasets[0];
  EXPECT_EQ(d.name, "A");
  EXPECT_EQ(d.shape, (maps::Shape{40, 30}));
  EXPECT_EQ(d.dtype, io::DType::float64);
  EXPECT_EQ(d.chunks, (std::vector<std::int64_t>{8, 30}));
  EXPECT_EQ(d.compression, "gzip");
  EXPECT_EQ(d.compression_level, 6);
  EXPECT_EQ(d.attrs, options.attrs);
  EXPECT_EQ(d.stored_map, rows());
  EXPECT_TRUE(all_ranks(testing::holds_global_index(io::load<double>(dir.file("a.h5"), "A"))));
}

TEST(IoFiles, CompressionAloneChoosesChunks) {
  testing::ScratchDir dir;
  const Map m({1, testing::world_size()}, {DimDist::block_cyclic(3)});
  io::SaveOptions options;
  options.compression = 1;
  io::save(dir.file("c.h5"), "C", DArray<std::int32_t>::arange({300, 1000}, m), options);
  const io::DatasetInfo d = io::dataset_info(dir.file("c.h5"), "C");
  EXPECT_EQ(d.chunks.size(), 2u);
  EXPECT_EQ(d.compression, "gzip");
  EXPECT_TRUE(
      all_ranks(testing::holds_global_index(io::load<std::int32_t>(dir.file("c.h5"), "C", m))));
}

TEST(IoFiles, DatasetsAccumulateAndReplace) {
  testing::ScratchDir dir;
  const std::string path = dir.file("many.h5");
  io::save(path, "A", DArray<double>::arange({5, 4}, rows()));
  io::save(path, "B", DArray<std::int64_t>::arange({6}, rows(1)));
  io::save(path, "A", DArray<float>::full({3, 3}, rows(), 2.5f));  // replaces A
  const io::FileInfo info = io::info(path);
  ASSERT_EQ(info.datasets.size(), 2u);
  ASSERT_NE(info.find("A"), nullptr);
  EXPECT_EQ(info.find("A")->dtype, io::DType::float32);
  EXPECT_EQ(info.find("A")->shape, (maps::Shape{3, 3}));
  EXPECT_EQ(info.find("/B")->dtype, io::DType::int64);
  const auto a = io::load<float>(path, "A").agg_all();
  EXPECT_EQ(a, std::vector<float>(9, 2.5f));
  EXPECT_TRUE(all_ranks(testing::holds_global_index(io::load<std::int64_t>(path, "B"))));
  if (testing::world_rank() == 0) {
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"many.h5"});  // no temporary left
  }
}

TEST(IoFiles, InPlaceAddsToTheExistingFile) {
  testing::ScratchDir dir;
  const std::string path = dir.file("inplace.h5");
  io::save(path, "A", DArray<double>::arange({5, 4}, rows()));
  io::SaveOptions options;
  options.in_place = true;
  io::save(path, "B", DArray<double>::arange({2, 2}, rows()), options);
  EXPECT_EQ(io::info(path).datasets.size(), 2u);
  EXPECT_TRUE(all_ranks(testing::holds_global_index(io::load<double>(path, "A"))));
  EXPECT_TRUE(all_ranks(testing::holds_global_index(io::load<double>(path, "B"))));
}

TEST(IoFiles, EmptyArraysAndRanksWithoutCells) {
  testing::ScratchDir dir;
  const std::string path = dir.file("empty.h5");
  io::SaveOptions options;
  options.compression = 4;  // ignored for an empty dataset
  io::save(path, "E", DArray<double>::zeros({0, 3}, rows()), options);
  const Map one({1}, {DimDist::block()}, {testing::world_size() - 1});  // only the last rank
  io::save(path, "L", DArray<std::int32_t>::arange({3}, one));
  EXPECT_EQ(io::dataset_info(path, "E").shape, (maps::Shape{0, 3}));
  EXPECT_EQ(io::load<double>(path, "E").size(), 0);
  EXPECT_EQ(io::load<std::int32_t>(path, "L").agg_all(), (std::vector<std::int32_t>{0, 1, 2}));
  EXPECT_EQ(io::load_stored<std::int32_t>(path, "L").map(), one);
}

}  // namespace
}  // namespace pgas

#include "io/byte_source.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

#include <string>

#include "support/scratch_dir.hpp"

namespace {

using conform::io::ByteSource;
using conform::io::Compression;

// Compressed the way gzip(1) does: a gzip member with its header and trailer.
std::string gzip(const std::string& text) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&stream, static_cast<uLong>(text.size())) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string zstd(const std::string& text) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  const std::size_t size = ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 3);
  EXPECT_EQ(ZSTD_isError(size), 0U);
  out.resize(size);
  return out;
}

// Lines of varied lengths, some past one block of the source.
std::string text_of(std::size_t lines) {
  std::string text;
  for (std::size_t i = 0; i < lines; ++i) text += std::string(i * 997 % 300000, 'a' + static_cast<char>(i % 26)) + "\n";
  return text;
}

std::string drain(ByteSource& source) {
  std::string all;
  for (std::string_view block = source.next(); !block.empty(); block = source.next()) all.append(block);
  return all;
}

TEST(ByteSource, DecodesGzipAndZstdByTheirBytesWhateverTheName) {
  conform::testing::ScratchDir scratch("byte-source");
  for (std::size_t lines = 1; lines <= 64; lines *= 4) {
    SCOPED_TRACE(lines);
    const std::string text = text_of(lines);
    // Named as nothing compressed: only the magic bytes tell.
    const std::string plain = scratch.write("plain.json", text);
    const std::string gz = scratch.write("gzipped.json", gzip(text));
    const std::string zst = scratch.write("zstd.ndjson", zstd(text));
    for (const auto& [path, compression] :
         {std::pair{plain, Compression::none}, {gz, Compression::gzip}, {zst, Compression::zstd}}) {
      std::string error;
      auto source = ByteSource::open(path, false, error);
      ASSERT_TRUE(source) << error;
      EXPECT_EQ(source->compression(), compression);
      EXPECT_EQ(source->seekable(), compression == Compression::none);
      // What is peeked is handed out again, once.
      EXPECT_EQ(source->peek(10).substr(0, 10), text.substr(0, 10));
      EXPECT_EQ(drain(*source), text);
      EXPECT_TRUE(source->error().empty()) << source->error();
      EXPECT_EQ(source->delivered(), text.size());
    }
  }
}

TEST(ByteSource, ConcatenatedGzipMembersAreOneStream) {
  std::string text;
  std::string bytes;
  for (int member = 0; member < 4; ++member) {
    const std::string part = text_of(static_cast<std::size_t>(member + 1) * 3);
    text += part;
    bytes += gzip(part);  // cat a.gz b.gz > c.gz
    auto source = ByteSource::from_memory(bytes);
    EXPECT_EQ(drain(*source), text);
    EXPECT_TRUE(source->error().empty()) << source->error();
  }
}

TEST(ByteSource, CompressedDataCutShortIsAnErrorAfterWhatItHeld) {
  const std::string text = text_of(40);
  for (const std::string& whole : {gzip(text), zstd(text)}) {
    auto source = ByteSource::from_memory(whole.substr(0, whole.size() / 2));
    const std::string got = drain(*source);
    EXPECT_LT(got.size(), text.size());
    EXPECT_EQ(got, text.substr(0, got.size()));
    EXPECT_NE(source->error().find("cut short"), std::string::npos) << source->error();
  }
  auto corrupt = ByteSource::from_memory(std::string("\x1f\x8b", 2) + std::string(100, 'x'));
  drain(*corrupt);
  EXPECT_NE(corrupt->error().find("gzip"), std::string::npos) << corrupt->error();
}

TEST(ByteSource, AFifoIsAStreamOnlyWhenAllowed) {
  conform::testing::ScratchDir scratch("byte-source-fifo");
  const std::string fifo = (scratch.root() / "pipe.json").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string error;
  EXPECT_FALSE(ByteSource::open(fifo, false, error));  // never opened for reading: it would block
  EXPECT_EQ(error, "not a regular file; not read");
  EXPECT_FALSE(ByteSource::open((scratch.root() / "missing").string(), true, error));
  EXPECT_NE(error.find("cannot open"), std::string::npos);
}

}  // namespace

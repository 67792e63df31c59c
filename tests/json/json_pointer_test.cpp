#include "json/json_pointer.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using conform::json::append_pointer_index;
using conform::json::append_pointer_token;
using conform::json::unescaped_pointer_token;

TEST(JsonPointer, TokensAreEscapedWhereverTheirTildesAndSlashesStand) {
  std::string pointer;
  append_pointer_token(pointer, "a/b~c");
  append_pointer_index(pointer, 7);
  append_pointer_token(pointer, "");
  append_pointer_token(pointer, "~/");
  append_pointer_token(pointer, "/~x");
  EXPECT_EQ(pointer, "/a~1b~0c/7//~0~1/~1~0x");
  EXPECT_EQ(unescaped_pointer_token("a~1b~0c"), "a/b~c");
}

// A long name is appended at its size: grown a byte at a time, its string
// doubled and held the name about three times over while it did.
TEST(JsonPointer, ALongNameIsAppendedAtItsSize) {
  for (const std::size_t length : {std::size_t{1} << 20, (std::size_t{1} << 20) + 12345}) {
    const std::string name(length, 'a');
    std::string pointer;
    append_pointer_token(pointer, name);
    EXPECT_EQ(pointer.size(), length + 1);
    EXPECT_LT(pointer.capacity(), length + length / 8) << "the pointer's room for a name of " << length;
    std::string escaped;
    append_pointer_token(escaped, name + "/");
    EXPECT_EQ(escaped.size(), length + 3);
    EXPECT_LT(escaped.capacity(), length + length / 8);
  }
}

}  // namespace

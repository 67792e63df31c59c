#include "engine/uri.hpp"

#include <gtest/gtest.h>

namespace conform::engine {
namespace {

// RFC 3986 section 5.4: the normal and abnormal examples, against its base.
TEST(ResolveUri, Rfc3986Examples) {
  const std::string base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> examples[] = {
      {"g:h", "g:h"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"},
      {"g?y#s", "http://a/b/c/g?y#s"},
      {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../", "http://a/"},
      {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},
      {"g#s/../x", "http://a/b/c/g#s/../x"},
      {"http:g", "http:g"},
  };
  for (const auto& [reference, expected] : examples) EXPECT_EQ(resolve_uri(base, reference), expected) << reference;
}

TEST(ResolveUri, SchemaIdentifiers) {
  EXPECT_EQ(resolve_uri("http://localhost:1234/", "folder/"), "http://localhost:1234/folder/");
  EXPECT_EQ(resolve_uri("http://localhost:1234/folder/", "folderInteger.json"),
            "http://localhost:1234/folder/folderInteger.json");
  EXPECT_EQ(resolve_uri("http://localhost:1234/tree", "node"), "http://localhost:1234/node");
  EXPECT_EQ(resolve_uri("urn:conform:prove:v3:common", "#/definitions/x"),
            "urn:conform:prove:v3:common#/definitions/x");
  EXPECT_EQ(resolve_uri("http://x/y.json#frag", "#other"), "http://x/y.json#other");
}

TEST(ResolveUri, Fragments) {
  EXPECT_EQ(without_fragment("http://x/y.json#/a"), "http://x/y.json");
  EXPECT_EQ(fragment_of("http://x/y.json#/a"), "/a");
  EXPECT_EQ(fragment_of("http://x/y.json"), "");
  EXPECT_TRUE(is_absolute_uri("urn:x"));
  EXPECT_FALSE(is_absolute_uri("folder/x.json"));
  EXPECT_FALSE(is_absolute_uri("#/definitions/a:b"));
}

}  // namespace
}  // namespace conform::engine

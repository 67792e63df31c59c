#pragma once

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "conform/limits.hpp"
#include "json/strict_reader.hpp"
#include "suite/suite_drafts.hpp"

// The mutated corpus the differential tests of the verdict paths share.
namespace conform::testing {

// Bodies one structural edit away from `seed`: a member removed, a value
// swapped for one of another type or at a number's edge, an array item
// doubled, a member added; `count` of them, the same on every run.
inline std::vector<std::string> mutations(const std::string& seed, std::size_t count, std::mt19937& random) {
  rapidjson::Document original;
  // A body past the reader's limits (a hostile fixture nested 100,000 deep) is
  // never judged, and RapidJSON's recursive parse and writer would overflow the stack.
  if (!json::read_strict(seed, Limits{}, original).empty()) return {};
  static const char* const kReplacements[] = {"null",
                                              "true",
                                              "false",
                                              "0",
                                              "-1",
                                              "1.5",
                                              "1.0",
                                              "\"\"",
                                              "\"x\"",
                                              "\"2024-01-01T00:00:00Z\"",
                                              "[]",
                                              "{}",
                                              "[1, 1]",
                                              "1e300",
                                              "18446744073709551616",
                                              "9007199254740993",
                                              "\"a\\u00e9\"",
                                              "{\"x-mutant\": 1}"};
  std::vector<std::string> bodies;
  for (std::size_t i = 0; i < count; ++i) {
    rapidjson::Document body;
    body.CopyFrom(original, body.GetAllocator());
    // A random walk down to one value.
    rapidjson::Value* at = &body;
    rapidjson::Value* parent = nullptr;
    rapidjson::SizeType index = 0;
    while ((at->IsObject() && at->MemberCount() != 0) || (at->IsArray() && !at->Empty())) {
      if (random() % 3 == 0) break;
      parent = at;
      if (at->IsObject()) {
        index = static_cast<rapidjson::SizeType>(random() % at->MemberCount());
        at = &(at->MemberBegin() + index)->value;
      } else {
        index = static_cast<rapidjson::SizeType>(random() % at->Size());
        at = &(*at)[index];
      }
    }
    auto& allocator = body.GetAllocator();
    switch (random() % 4) {
      case 0:  // remove it
        if (parent != nullptr && parent->IsObject()) {
          parent->EraseMember(parent->MemberBegin() + index);
        } else if (parent != nullptr) {
          parent->Erase(parent->Begin() + index);
        }
        break;
      case 1:  // double an item, or add a member
        if (at->IsArray() && !at->Empty()) {
          rapidjson::Value copy((*at)[0], allocator);
          at->PushBack(copy, allocator);
        } else if (at->IsObject()) {
          at->AddMember("x-mutant", rapidjson::Value(1), allocator);
        }
        break;
      default: {
        rapidjson::Document replacement(&allocator);
        const char* text = kReplacements[random() % std::size(kReplacements)];
        replacement.Parse(text, std::strlen(text));  // with a length: no SIMD read past a literal (ASan)
        at->CopyFrom(replacement, allocator);
        break;
      }
    }
    bodies.push_back(text_of(body));
  }
  return bodies;
}

}  // namespace conform::testing

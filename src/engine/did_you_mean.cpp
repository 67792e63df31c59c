#include "engine/did_you_mean.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace conform {
namespace {

// Optimal string alignment distance: insertions, deletions, substitutions and
// swaps of neighbours (the usual typos) each cost one. Three rolling rows;
// gives up (returns `limit`) as soon as the distance must reach it.
// ASCII only: property names are compared as the schema spells them, and the
// C library's tolower looks up the locale on every call.
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Compares ignoring case, without copying either string.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) >= limit) return limit;
  thread_local std::vector<std::size_t> rows;
  const std::size_t width = b.size() + 1;
  rows.assign(3 * width, 0);
  std::size_t* before = rows.data();            // row i-2
  std::size_t* previous = rows.data() + width;  // row i-1
  std::size_t* current = rows.data() + 2 * width;
  for (std::size_t j = 0; j < width; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    std::size_t best = current[0];
    for (std::size_t j = 1; j < width; ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1])) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
      best = std::min(best, current[j]);
    }
    if (best >= limit) return limit;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return std::min(previous[b.size()], limit);
}

}  // namespace

std::string nearest_name(std::string_view unknown, std::span<const std::string> known) {
  // Names far longer than any property are not typos; this also bounds the work.
  constexpr std::size_t kLongestCandidate = 256;
  if (unknown.size() > kLongestCandidate) return {};
  // The commonest typo, a name in the wrong case, needs no distance at all.
  for (const std::string& name : known) {
    if (name.size() == unknown.size() &&
        std::equal(name.begin(), name.end(), unknown.begin(), [](char a, char b) { return lower(a) == lower(b); })) {
      return name;
    }
  }
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, unknown.size() / 4) + 1;
  for (const std::string& name : known) {
    const std::size_t distance = edit_distance(unknown, name, best_distance);
    if (distance < best_distance) {
      best_distance = distance;
      best = name;
    }
  }
  return best;
}

}  // namespace conform

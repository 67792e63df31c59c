#include "engine/did_you_mean.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace conform::engine {
namespace {

std::string lowered(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

// Optimal string alignment distance: insertions, deletions, substitutions and
// swaps of neighbours (the usual typos) each cost one.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string nearest_name(std::string_view unknown, std::span<const std::string> known) {
  // Names far longer than any property are not typos; this also bounds the work.
  constexpr std::size_t kLongestCandidate = 256;
  if (unknown.size() > kLongestCandidate) return {};
  const std::string needle = lowered(unknown);
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, needle.size() / 4) + 1;
  for (const std::string& name : known) {
    const std::size_t distance = edit_distance(needle, lowered(name));
    if (distance < best_distance) {
      best_distance = distance;
      best = name;
    }
  }
  return best;
}

}  // namespace conform::engine

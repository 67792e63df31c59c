#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace conform::engine {

// "hostname": RFC 1123 labels of letters, digits and inner hyphens, at most
// 63 octets each and 253 in all, no empty label (so no trailing dot). A label
// starting "xn--" must be an IDNA2008 A-label, checked as idn-hostname checks
// the U-label it stands for.
bool is_hostname(std::string_view value);

// "idn-hostname": RFC 5890-5893 (IDNA2008). Labels are split at the four dots
// of RFC 3490 section 3.1 and may be LDH labels, A-labels or U-labels. Checked:
// each code point's IDNA2008 property (RFC 5892, Unicode 14), the hyphen and
// leading-mark rules of RFC 5891 4.2.3, the CONTEXTJ and CONTEXTO rules of RFC
// 5892 appendix A, the Bidi rule of RFC 5893, Punycode that round-trips, and
// lengths in A-label form. Not checked: NFC (the test suite wants non-NFC
// labels accepted), and uppercase ASCII in a U-label is read as lowercase, as
// DNS does.
bool is_idn_hostname(std::string_view value);

namespace idna {

// What the IDNA2008 rules need to know about one code point, packed in 16
// bits. Code points that are not PVALID or CONTEXT* have all bits clear.
enum : std::uint16_t {
  kClassMask = 0x3,   // kDisallowed, kPvalid, kContextJ, kContextO
  kMark = 1U << 2,    // General_Category M: cannot start a label
  kVirama = 1U << 3,  // Canonical_Combining_Class Virama
  kJoiningShift = 4,  // 3 bits: 0 none, 1 L, 2 D, 3 T, 4 R
  kScriptShift = 7,   // 3 bits: 0 other, 1 Greek, 2 Hebrew, 3 Hiragana, 4 Katakana, 5 Han
  kBidiShift = 10,    // 4 bits: the Bidi_Class, in the order of enum Bidi
};
enum IdnaClass : std::uint16_t { kDisallowed = 0, kPvalid = 1, kContextJ = 2, kContextO = 3 };
enum Joining : std::uint16_t { kJoinNone = 0, kJoinLeft = 1, kJoinDual = 2, kJoinTransparent = 3, kJoinRight = 4 };
enum Script : std::uint16_t { kOtherScript = 0, kGreek = 1, kHebrew = 2, kHiragana = 3, kKatakana = 4, kHan = 5 };
enum Bidi : std::uint16_t { kL, kR, kAL, kAN, kEN, kES, kCS, kET, kON, kBN, kNSM, kOtherBidi };

// From `first` up to the next run's first code point, every code point has
// `properties`.
struct PropertyRun {
  char32_t first;
  std::uint16_t properties;
};

// Sorted by `first`, starting at U+0000; generated (formats_idna_tables.cpp).
std::span<const PropertyRun> property_runs() noexcept;

}  // namespace idna
}  // namespace conform::engine

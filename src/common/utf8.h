// UTF-8 validation and code-point helpers over byte strings.
//
// Well-formed UTF-8 is defined by Unicode's Table 3-7: no overlong forms, no
// UTF-16 surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated
// sequences. NUL is well-formed UTF-8; callers that forbid it check for it
// separately.
#ifndef CLAIMTRACK_COMMON_UTF8_H_
#define CLAIMTRACK_COMMON_UTF8_H_

#include <cstddef>
#include <optional>
#include <string_view>

namespace claimtrack::utf8 {

// The first ill-formed sequence of a string: the byte offset where it starts
// and a static, human-readable reason ("overlong encoding", ...).
struct Error {
  size_t offset;
  const char* reason;
};

inline bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length in bytes (1-4) of the well-formed sequence starting at s[i], or 0
// when it is ill-formed, with the reason in *reason if non-null.
// Requires i < s.size().
size_t SequenceLength(std::string_view s, size_t i,
                      const char** reason = nullptr);

// The code point of the well-formed sequence of `len` bytes (1-4, as
// SequenceLength returned) at s[i].
inline char32_t DecodeAt(std::string_view s, size_t i, size_t len) {
  const auto b = [&](size_t k) {
    return static_cast<char32_t>(static_cast<unsigned char>(s[i + k]));
  };
  switch (len) {
    case 1:
      return b(0);
    case 2:
      return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3:
      return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default:
      return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) |
             ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  }
}

// The first ill-formed sequence of `s`, or nullopt when `s` is valid UTF-8.
// Linear time, with a fast path over ASCII runs.
std::optional<Error> FindInvalid(std::string_view s);

inline bool IsValid(std::string_view s) { return !FindInvalid(s).has_value(); }

// Number of code points in `s`, counting each ill-formed byte as one.
size_t CountCodePoints(std::string_view s);

// Byte length of the longest prefix of `s` holding at most `max_code_points`
// code points. Never splits a well-formed sequence.
size_t PrefixBytes(std::string_view s, size_t max_code_points);

}  // namespace claimtrack::utf8

#endif  // CLAIMTRACK_COMMON_UTF8_H_

#include "common/utf8.h"

#include <cstdint>
#include <cstring>

namespace claimtrack::utf8 {

namespace {

constexpr const char kTruncated[] = "truncated sequence";
constexpr const char kOverlong[] = "overlong encoding";

// True when the 8 bytes at p are all ASCII.
inline bool AllAscii8(const char* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof(word));
  return (word & 0x8080808080808080ULL) == 0;
}

// Checks the continuation bytes s[i+1 .. i+len-1]; the second byte must
// also lie in [lo, hi], which is how Table 3-7 excludes overlong forms,
// surrogates and code points above U+10FFFF.
size_t CheckTail(std::string_view s, size_t i, size_t len, unsigned char lo,
                 unsigned char hi, const char* range_reason,
                 const char** reason) {
  if (i + 1 >= s.size() || !IsContinuation(s[i + 1])) {
    if (reason) *reason = kTruncated;
    return 0;
  }
  const auto second = static_cast<unsigned char>(s[i + 1]);
  if (second < lo || second > hi) {
    if (reason) *reason = range_reason;
    return 0;
  }
  for (size_t k = 2; k < len; ++k) {
    if (i + k >= s.size() || !IsContinuation(s[i + k])) {
      if (reason) *reason = kTruncated;
      return 0;
    }
  }
  return len;
}

}  // namespace

size_t SequenceLength(std::string_view s, size_t i, const char** reason) {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) return 1;
  if (lead < 0xC0) {
    if (reason) *reason = "unexpected continuation byte";
    return 0;
  }
  if (lead < 0xC2) {
    if (reason) *reason = kOverlong;
    return 0;
  }
  if (lead < 0xE0) return CheckTail(s, i, 2, 0x80, 0xBF, nullptr, reason);
  if (lead == 0xE0) return CheckTail(s, i, 3, 0xA0, 0xBF, kOverlong, reason);
  if (lead == 0xED) {
    return CheckTail(s, i, 3, 0x80, 0x9F, "UTF-16 surrogate", reason);
  }
  if (lead < 0xF0) return CheckTail(s, i, 3, 0x80, 0xBF, nullptr, reason);
  if (lead == 0xF0) return CheckTail(s, i, 4, 0x90, 0xBF, kOverlong, reason);
  if (lead < 0xF4) return CheckTail(s, i, 4, 0x80, 0xBF, nullptr, reason);
  if (lead == 0xF4) {
    return CheckTail(s, i, 4, 0x80, 0x8F, "code point above U+10FFFF", reason);
  }
  if (reason) *reason = "byte above 0xF4";
  return 0;
}

std::optional<Error> FindInvalid(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    if (i + 8 <= n && AllAscii8(s.data() + i)) {
      i += 8;
      continue;
    }
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const char* reason = nullptr;
    const size_t len = SequenceLength(s, i, &reason);
    if (len == 0) return Error{i, reason};
    i += len;
  }
  return std::nullopt;
}

size_t CountCodePoints(std::string_view s) {
  size_t count = 0;
  for (size_t i = 0; i < s.size(); ++count) {
    const size_t len = SequenceLength(s, i);
    i += len == 0 ? 1 : len;
  }
  return count;
}

size_t PrefixBytes(std::string_view s, size_t max_code_points) {
  size_t i = 0;
  for (size_t count = 0; i < s.size() && count < max_code_points; ++count) {
    const size_t len = SequenceLength(s, i);
    i += len == 0 ? 1 : len;
  }
  return i;
}

}  // namespace claimtrack::utf8

// A stable 64-bit hash for content-derived ids (FNV-1a). Not for security:
// ids only need to be the same for the same input on every machine.
#ifndef CLAIMTRACK_COMMON_HASH_H_
#define CLAIMTRACK_COMMON_HASH_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace claimtrack {

// 16 lower-case hex digits, the most significant first: how ids are shown.
inline std::string Hex64(uint64_t v) {
  static const char kDigits[] = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 0; i < 16; ++i) s[15 - i] = kDigits[(v >> (4 * i)) & 0xF];
  return s;
}

class StableHash {
 public:
  StableHash& Add(std::string_view bytes) {
    for (unsigned char c : bytes) {
      h_ ^= c;
      h_ *= 0x100000001b3ULL;
    }
    return *this;
  }
  // Integers are hashed as 8 little-endian bytes, whatever the host order.
  StableHash& Add(uint64_t v) {
    char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(v >> (8 * i));
    return Add(std::string_view(bytes, 8));
  }
  uint64_t value() const { return h_; }
  // 16 lower-case hex digits.
  std::string Hex() const { return Hex64(h_); }

 private:
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

}  // namespace claimtrack

#endif  // CLAIMTRACK_COMMON_HASH_H_

// Byte-level encodings of schema/keys.md ("Component encodings"): the pieces
// keys and values are built from. Every Put has a Get that fails (returns
// false) on truncated or malformed input instead of reading past the end.
#ifndef CLAIMTRACK_STORE_CODING_H_
#define CLAIMTRACK_STORE_CODING_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace claimtrack::store {

// The statement time of a claim: `when` in schema/keys.md.
struct When {
  static constexpr int32_t kUndatedDay = 0x7FFFFFFF;
  int32_t day = kUndatedDay;  // days since 1970-01-01
  uint32_t second = 0;        // seconds after midnight, 0 when unknown

  bool undated() const { return day == kUndatedDay; }
  friend auto operator<=>(const When&, const When&) = default;
};

// Days since 1970-01-01 of "YYYY-MM-DD", or false if `date` is not one.
bool DayFromIsoDate(std::string_view date, int32_t* day);
// "YYYY-MM-DD" of a day number.
std::string IsoDateFromDay(int32_t day);

void PutU8(std::string* out, uint8_t v);
void PutU16(std::string* out, uint16_t v);
void PutU32(std::string* out, uint32_t v);
void PutU64(std::string* out, uint64_t v);
void PutI32(std::string* out, int32_t v);
void PutStr(std::string* out, std::string_view s);  // escaped, terminated
void PutWhen(std::string* out, When when);
void PutVarint(std::string* out, uint64_t v);
void PutLstr(std::string* out, std::string_view s);  // varint length, bytes

// Reads components from the front of a byte string, consuming them.
class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}

  bool GetU8(uint8_t* v);
  bool GetU16(uint16_t* v);
  bool GetU32(uint32_t* v);
  bool GetU64(uint64_t* v);
  bool GetI32(int32_t* v);
  bool GetStr(std::string* s);
  bool GetWhen(When* when);
  bool GetVarint(uint64_t* v);
  bool GetVarint32(uint32_t* v);  // fails on values over 32 bits
  bool GetLstr(std::string* s);
  bool GetLstr(std::string_view* s);  // points into the input

  bool done() const { return in_.empty(); }
  size_t remaining() const { return in_.size(); }

 private:
  std::string_view in_;
};

// "0a1b..." (lower-case hex) of a 64-bit id, and back (exactly 16 digits).
std::string HexId(uint64_t id);
bool ParseHexId(std::string_view hex, uint64_t* id);

// Printable form of arbitrary bytes for debugging output: printable ASCII
// as is, everything else as \xNN.
std::string EscapeBytes(std::string_view bytes);

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_CODING_H_

#include "store/coding.h"

#include <chrono>
#include <cstdio>

#include "common/hash.h"

namespace claimtrack::store {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool DayFromIsoDate(std::string_view date, int32_t* day) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(date[i])) return false;
  }
  auto num = [&date](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) v = v * 10 + (date[i] - '0');
    return v;
  };
  const int y = num(0, 4);
  const int m = num(5, 2);
  const int d = num(8, 2);
  const std::chrono::year_month_day ymd{
      std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  if (!ymd.ok()) return false;
  *day = std::chrono::sys_days(ymd).time_since_epoch().count();
  return true;
}

std::string IsoDateFromDay(int32_t day) {
  const std::chrono::year_month_day ymd{
      std::chrono::sys_days(std::chrono::days(day))};
  char buf[48];  // room for any int, so no truncation warning
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

void PutU8(std::string* out, uint8_t v) {
  out->push_back(static_cast<char>(v));
}

void PutU16(std::string* out, uint16_t v) {
  out->push_back(static_cast<char>(v >> 8));
  out->push_back(static_cast<char>(v));
}

// One append of the bytes, big-endian, rather than a push_back per byte:
// the writer thread encodes a dozen ids per claim (PutU64 was 3% of its
// instructions).
void PutU32(std::string* out, uint32_t v) {
  const char bytes[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                         static_cast<char>(v >> 8), static_cast<char>(v)};
  out->append(bytes, sizeof bytes);
}

void PutU64(std::string* out, uint64_t v) {
  const char bytes[8] = {static_cast<char>(v >> 56), static_cast<char>(v >> 48),
                         static_cast<char>(v >> 40), static_cast<char>(v >> 32),
                         static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                         static_cast<char>(v >> 8),  static_cast<char>(v)};
  out->append(bytes, sizeof bytes);
}

void PutI32(std::string* out, int32_t v) {
  PutU32(out, static_cast<uint32_t>(v) ^ 0x80000000u);
}

void PutStr(std::string* out, std::string_view s) {
  // The runs between zero bytes are appended whole.
  size_t from = 0;
  for (size_t zero = s.find('\0'); zero != std::string_view::npos;
       zero = s.find('\0', from)) {
    out->append(s.data() + from, zero - from);
    out->append("\0\xFF", 2);
    from = zero + 1;
  }
  out->append(s.data() + from, s.size() - from);
  out->append("\0\x01", 2);
}

void PutWhen(std::string* out, When when) {
  PutI32(out, when.day);
  PutU32(out, when.second);
}

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutLstr(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}

bool Decoder::GetU8(uint8_t* v) {
  if (in_.empty()) return false;
  *v = static_cast<uint8_t>(in_[0]);
  in_.remove_prefix(1);
  return true;
}

bool Decoder::GetU16(uint16_t* v) {
  if (in_.size() < 2) return false;
  *v = static_cast<uint16_t>((static_cast<uint8_t>(in_[0]) << 8) |
                             static_cast<uint8_t>(in_[1]));
  in_.remove_prefix(2);
  return true;
}

bool Decoder::GetU32(uint32_t* v) {
  if (in_.size() < 4) return false;
  uint32_t r = 0;
  for (int i = 0; i < 4; ++i) r = (r << 8) | static_cast<uint8_t>(in_[i]);
  in_.remove_prefix(4);
  *v = r;
  return true;
}

bool Decoder::GetU64(uint64_t* v) {
  if (in_.size() < 8) return false;
  uint64_t r = 0;
  for (int i = 0; i < 8; ++i) r = (r << 8) | static_cast<uint8_t>(in_[i]);
  in_.remove_prefix(8);
  *v = r;
  return true;
}

bool Decoder::GetI32(int32_t* v) {
  uint32_t u;
  if (!GetU32(&u)) return false;
  *v = static_cast<int32_t>(u ^ 0x80000000u);
  return true;
}

bool Decoder::GetStr(std::string* s) {
  s->clear();
  size_t i = 0;
  while (i < in_.size()) {
    const char c = in_[i];
    if (c != '\0') {
      s->push_back(c);
      ++i;
      continue;
    }
    if (i + 1 >= in_.size()) return false;
    if (in_[i + 1] == '\x01') {
      in_.remove_prefix(i + 2);
      return true;
    }
    if (in_[i + 1] != '\xFF') return false;
    s->push_back('\0');
    i += 2;
  }
  return false;  // no terminator
}

bool Decoder::GetWhen(When* when) {
  return GetI32(&when->day) && GetU32(&when->second);
}

bool Decoder::GetVarint(uint64_t* v) {
  uint64_t r = 0;
  for (int i = 0; i < 10; ++i) {
    if (in_.empty()) return false;
    const uint8_t b = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    if (i == 9 && b > 1) return false;  // beyond 64 bits
    r |= static_cast<uint64_t>(b & 0x7F) << (7 * i);
    if ((b & 0x80) == 0) {
      *v = r;
      return true;
    }
  }
  return false;
}

bool Decoder::GetVarint32(uint32_t* v) {
  uint64_t r;
  if (!GetVarint(&r) || r > 0xFFFFFFFFu) return false;
  *v = static_cast<uint32_t>(r);
  return true;
}

bool Decoder::GetLstr(std::string_view* s) {
  uint64_t n;
  if (!GetVarint(&n) || n > in_.size()) return false;
  *s = in_.substr(0, n);
  in_.remove_prefix(n);
  return true;
}

bool Decoder::GetLstr(std::string* s) {
  std::string_view view;
  if (!GetLstr(&view)) return false;
  s->assign(view);
  return true;
}

std::string HexId(uint64_t id) { return Hex64(id); }

bool ParseHexId(std::string_view hex, uint64_t* id) {
  if (hex.size() != 16) return false;
  uint64_t r = 0;
  for (char c : hex) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return false;
    }
    r = (r << 4) | static_cast<uint64_t>(d);
  }
  *id = r;
  return true;
}

std::string EscapeBytes(std::string_view bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 0xF]);
    }
  }
  return out;
}

}  // namespace claimtrack::store

// A single-pass JSON (RFC 8259) validator over one line that decodes the
// strings of the members DocumentReader wants and skips the rest. Nested
// values are skipped with an explicit stack of closing brackets, so the
// depth costs no recursion.
#include "common/json_fields.h"

#include <cstdint>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>

namespace claimtrack::json_fields {

namespace {

// Nesting deeper than this goes to the full parser.
constexpr size_t kMaxDepth = 512;
// Longer numbers go to the parser (Scanner::Number).
constexpr size_t kMaxNumberBytes = 300;
// An id number of up to 18 digits fits any integer nlohmann keeps.
constexpr size_t kMaxIdDigits = 18;

// Bytes that may stand for themselves inside a JSON string: all but the
// quote, the backslash and the control characters.
struct PlainTable {
  bool plain[256];
  constexpr PlainTable() : plain() {
    for (int c = 0; c < 256; ++c) plain[c] = c >= 0x20 && c != '"' && c != '\\';
  }
};
constexpr PlainTable kPlain;

bool IsJsonSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class Scanner {
 public:
  explicit Scanner(std::string_view line)
      : p_(line.data()), end_(line.data() + line.size()) {}

  bool Object(Fields* fields);

 private:
  void SkipSpace() {
    while (p_ < end_ && IsJsonSpace(*p_)) ++p_;
  }
  bool Take(char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  bool String(std::string* out);
  bool Escape(std::string* out);
  bool Hex4(char32_t* cp);
  bool Number(std::string_view* text);
  bool Literal(std::string_view word);
  bool RawKey(std::string_view* key);
  bool MemberValue(Field* field, bool id);
  bool SkipValue();
  bool SkipKey();

  const char* p_;
  const char* const end_;
};

// At the opening quote. Appends the decoded string to *out (when not null).
bool Scanner::String(std::string* out) {
  ++p_;
  for (;;) {
    const char* start = p_;
    while (p_ < end_ && kPlain.plain[static_cast<unsigned char>(*p_)]) ++p_;
    if (out != nullptr) out->append(start, p_ - start);
    if (p_ == end_) return false;
    if (*p_ == '"') {
      ++p_;
      return true;
    }
    if (*p_ != '\\') return false;  // a raw control character
    ++p_;
    if (!Escape(out)) return false;
  }
}

bool Scanner::Escape(std::string* out) {
  if (p_ == end_) return false;
  char decoded;
  switch (*p_++) {
    case '"':
      decoded = '"';
      break;
    case '\\':
      decoded = '\\';
      break;
    case '/':
      decoded = '/';
      break;
    case 'b':
      decoded = '\b';
      break;
    case 'f':
      decoded = '\f';
      break;
    case 'n':
      decoded = '\n';
      break;
    case 'r':
      decoded = '\r';
      break;
    case 't':
      decoded = '\t';
      break;
    case 'u': {
      char32_t cp;
      if (!Hex4(&cp)) return false;
      if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a lone low half
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        char32_t low;
        if (!Take('\\') || !Take('u') || !Hex4(&low)) return false;
        if (low < 0xDC00 || low > 0xDFFF) return false;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      }
      if (out != nullptr) AppendUtf8(cp, out);
      return true;
    }
    default:
      return false;
  }
  if (out != nullptr) out->push_back(decoded);
  return true;
}

bool Scanner::Hex4(char32_t* cp) {
  if (end_ - p_ < 4) return false;
  char32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    const int h = HexValue(p_[i]);
    if (h < 0) return false;
    v = v * 16 + static_cast<char32_t>(h);
  }
  p_ += 4;
  *cp = v;
  return true;
}

// -?(0|[1-9][0-9]*)(\.[0-9]+)?, no exponent. nlohmann fails on a number
// beyond the range of a double ("1e999"); without an exponent that takes
// over 300 digits, so both go to the parser.
bool Scanner::Number(std::string_view* text) {
  const char* start = p_;
  Take('-');
  if (p_ == end_) return false;
  if (*p_ == '0') {
    ++p_;
  } else if (IsDigit(*p_)) {
    while (p_ < end_ && IsDigit(*p_)) ++p_;
  } else {
    return false;
  }
  auto digits = [this] {
    const char* from = p_;
    while (p_ < end_ && IsDigit(*p_)) ++p_;
    return p_ > from;
  };
  if (Take('.') && !digits()) return false;
  if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) return false;
  if (static_cast<size_t>(p_ - start) > kMaxNumberBytes) return false;
  if (text != nullptr) *text = std::string_view(start, p_ - start);
  return true;
}

bool Scanner::Literal(std::string_view word) {
  if (static_cast<size_t>(end_ - p_) < word.size() ||
      std::string_view(p_, word.size()) != word) {
    return false;
  }
  p_ += word.size();
  return true;
}

// A key of the top-level object, taken as its raw bytes: one with an escape
// may spell one of the ten names ("\u0069d"), so it goes to the parser.
bool Scanner::RawKey(std::string_view* key) {
  if (!Take('"')) return false;
  const char* start = p_;
  while (p_ < end_ && kPlain.plain[static_cast<unsigned char>(*p_)]) ++p_;
  if (p_ == end_ || *p_ != '"') return false;
  *key = std::string_view(start, p_ - start);
  ++p_;
  return true;
}

// The value of one of the ten members: a string, null, or (for the ids) a
// plain integer. Anything else is the parser's to word.
bool Scanner::MemberValue(Field* field, bool id) {
  if (p_ == end_) return false;
  if (*p_ == '"') {
    field->kind = Field::Kind::kString;
    return String(&field->value);
  }
  if (*p_ == 'n') {
    field->kind = Field::Kind::kNull;
    return Literal("null");
  }
  std::string_view number;
  if (!id || !Number(&number)) return false;
  if (number.size() > kMaxIdDigits) return false;
  for (char c : number) {
    if (!IsDigit(c)) return false;  // a sign, fraction or exponent
  }
  field->kind = Field::Kind::kInteger;
  field->value.assign(number);
  return true;
}

// A nested object's key and its colon.
bool Scanner::SkipKey() {
  SkipSpace();
  if (p_ == end_ || *p_ != '"' || !String(nullptr)) return false;
  SkipSpace();
  return Take(':');
}

// Any JSON value, validated and skipped.
bool Scanner::SkipValue() {
  std::string closers;  // of the open arrays and objects, innermost last
  for (;;) {
    SkipSpace();
    if (p_ == end_) return false;
    const char c = *p_;
    if (c == '{' || c == '[') {
      ++p_;
      SkipSpace();
      const char closer = c == '{' ? '}' : ']';
      if (!Take(closer)) {
        if (closers.size() == kMaxDepth) return false;
        if (c == '{' && !SkipKey()) return false;
        closers.push_back(closer);
        continue;
      }
    } else if (c == '"') {
      if (!String(nullptr)) return false;
    } else if (c == '-' || IsDigit(c)) {
      if (!Number(nullptr)) return false;
    } else if (!Literal(c == 't' ? "true" : c == 'f' ? "false" : "null")) {
      return false;
    }
    // A value is complete: close what it completes, up to the next one.
    for (;;) {
      if (closers.empty()) return true;
      SkipSpace();
      if (Take(',')) {
        if (closers.back() == '}' && !SkipKey()) return false;
        break;
      }
      if (!Take(closers.back())) return false;
      closers.pop_back();
    }
  }
}

bool Scanner::Object(Fields* fields) {
  *fields = Fields();
  bool seen[kFieldCount] = {};
  SkipSpace();
  if (!Take('{')) return false;
  SkipSpace();
  if (!Take('}')) {
    for (;;) {
      SkipSpace();
      std::string_view key;
      if (!RawKey(&key)) return false;
      SkipSpace();
      if (!Take(':')) return false;
      SkipSpace();
      const int which = FieldIndex(key);
      if (which < 0) {
        if (!SkipValue()) return false;
      } else {
        if (seen[which]) return false;  // nlohmann keeps the last one
        seen[which] = true;
        const bool id = which == kId || which == kDocId || which == kNewId;
        if (!MemberValue(&(*fields)[which], id)) return false;
      }
      SkipSpace();
      if (Take('}')) break;
      if (!Take(',')) return false;
    }
  }
  SkipSpace();
  return p_ == end_;
}

}  // namespace

int FieldIndex(std::string_view key) {
  for (int i = 0; i < kFieldCount; ++i) {
    if (kFieldNames[i] == key) return i;
  }
  return -1;
}

bool ScanFields(std::string_view line, Fields* fields) {
  return Scanner(line).Object(fields);
}

ParseOutcome ParseFields(std::string_view line, Fields* fields,
                         std::string* error) {
  nlohmann::json object;
  try {
    object = nlohmann::json::parse(line);
  } catch (const std::exception& e) {
    const std::string_view what = e.what();
    const size_t close = what.find("] ");
    *error = what.substr(close == what.npos ? 0 : close + 2);
    return ParseOutcome::kMalformed;
  }
  if (!object.is_object()) {
    *error = object.type_name();
    return ParseOutcome::kNotObject;
  }
  *fields = Fields();
  for (int i = 0; i < kFieldCount; ++i) {
    const auto it = object.find(kFieldNames[i]);
    if (it == object.end()) continue;
    Field& field = (*fields)[i];
    if (it->is_null()) {
      field.kind = Field::Kind::kNull;
    } else if (it->is_string()) {
      field.kind = Field::Kind::kString;
      field.value = std::move(it->get_ref<std::string&>());
    } else if (it->is_number_integer()) {
      field.kind = Field::Kind::kInteger;
      field.value = it->dump();
    } else {
      field.kind = Field::Kind::kOther;
      field.type_name = it->type_name();
    }
  }
  return ParseOutcome::kObject;
}

}  // namespace claimtrack::json_fields

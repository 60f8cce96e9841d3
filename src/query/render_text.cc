#include "query/render_text.h"

#include "common/utf8.h"
#include "store/coding.h"

namespace claimtrack::query::render {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";     // …

bool IsControl(char32_t c) {
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F);
}

}  // namespace

std::string Clean(std::string_view s, bool keep_newlines) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t len = utf8::SequenceLength(s, i);
    if (len == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    const char32_t c = utf8::DecodeAt(s, i, len);
    if (c == '\n' && keep_newlines) {
      out += '\n';
    } else if (IsControl(c)) {
      out += ' ';
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string Truncate(std::string_view s, size_t width) {
  std::string line = Clean(s);
  if (utf8::CountCodePoints(line) <= width) return line;
  if (width == 0) return "";
  line.resize(utf8::PrefixBytes(line, width - 1));
  line += kEllipsis;
  return line;
}

std::string Fit(std::string_view s, size_t width) {
  std::string cell = Truncate(s, width);
  const size_t n = utf8::CountCodePoints(cell);
  if (n < width) cell.append(width - n, ' ');
  return cell;
}

namespace {

// The HTML entity for & < > " ', or null for any other byte.
const char* HtmlEntity(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return "&#39;";
    default:
      return nullptr;
  }
}

}  // namespace

std::string HtmlEscape(std::string_view s, bool keep_newlines) {
  const std::string clean = Clean(s, keep_newlines);
  std::string out;
  out.reserve(clean.size() + clean.size() / 8);
  for (char c : clean) {
    const char* entity = HtmlEntity(c);
    if (entity) {
      out += entity;
    } else {
      out += c;
    }
  }
  return out;
}

std::string CsvField(std::string_view s) {
  std::string cell = Clean(s, /*keep_newlines=*/true);
  // OWASP's list: = + - @ start a formula, tab and CR can hide one.
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                     s[0] == '\t' || s[0] == '\r')) {
    cell.insert(0, 1, '\'');
  }
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string MarkdownCell(std::string_view s) {
  const std::string clean = Clean(s);
  std::string out;
  out.reserve(clean.size() + 8);
  for (char c : clean) {
    if (c == '&' || c == '<' || c == '>') {
      out += HtmlEntity(c);
      continue;
    }
    switch (c) {
      case '|':
      case '`':
      case '\\':
      case '*':
      case '_':
      case '[':
      case ']':
      case '#':
      case '!':
      case '~':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::optional<std::string> SafeHttpUrl(std::string_view url) {
  const auto starts_with_ci = [&](std::string_view prefix) {
    if (url.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
      char c = url[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != prefix[i]) return false;
    }
    return true;
  };
  if (!starts_with_ci("http://") && !starts_with_ci("https://")) {
    return std::nullopt;
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : url) {
    if (c < 0x20 || c == 0x7F) return std::nullopt;
    const bool encode = c >= 0x80 || c == ' ' || c == '"' || c == '\'' ||
                        c == '<' || c == '>' || c == '(' || c == ')' ||
                        c == '\\' || c == '`' || c == '{' || c == '}' ||
                        c == '|' || c == '^';
    if (encode) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string Counted(uint64_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

std::string Hex(uint64_t id) { return store::HexId(id); }

}  // namespace claimtrack::query::render

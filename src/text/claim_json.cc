// Hand-written JSON: the output path runs once per claim over large corpora,
// and a DOM per claim would cost more than finding the claim.
#include "text/claim_json.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>

#include "common/utf8.h"

namespace claimtrack::text {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026

// The text of `span`, clamped to `text`.
std::string_view SpanText(Span span, std::string_view text) {
  const size_t begin = std::min<size_t>(span.begin, text.size());
  const size_t end = std::clamp<size_t>(span.end, begin, text.size());
  return text.substr(begin, end - begin);
}

void AppendNumber(uint64_t value, std::string* out) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, end);
}

// Appends `"key":`; keys are constants that need no escaping.
void AppendKey(std::string_view key, std::string* out) {
  out->push_back('"');
  out->append(key);
  out->append("\":");
}

void AppendSpan(Span span, std::string_view text, std::string* out) {
  out->append("{\"text\":");
  AppendJsonString(SpanText(span, text), out);
  out->append(",\"begin\":");
  AppendNumber(span.begin, out);
  out->append(",\"end\":");
  AppendNumber(span.end, out);
  out->push_back('}');
}

void AppendOptionalSpan(const std::optional<Span>& span, std::string_view text,
                        std::string* out) {
  if (span) {
    AppendSpan(*span, text, out);
  } else {
    out->append("null");
  }
}

// An empty string is written as null.
void AppendStringOrNull(std::string_view s, std::string* out) {
  if (s.empty()) {
    out->append("null");
  } else {
    AppendJsonString(s, out);
  }
}

void AppendSpeaker(const Speaker& speaker, std::string_view text,
                   std::string* out) {
  out->append("{\"name\":");
  AppendJsonString(speaker.name, out);
  out->append(",\"kind\":\"");
  out->append(SpeakerKindName(speaker.kind));
  out->push_back('"');
  if (!speaker.title.empty()) {
    out->append(",\"title\":");
    AppendJsonString(speaker.title, out);
  }
  if (!speaker.affiliation.empty()) {
    out->append(",\"affiliation\":");
    AppendJsonString(speaker.affiliation, out);
  }
  if (speaker.antecedent) {
    out->append(",\"antecedent\":");
    AppendSpan(*speaker.antecedent, text, out);
  }
  out->push_back('}');
}

void AppendAnonymity(const std::optional<Anonymity>& anonymous,
                     std::string_view text, std::string* out) {
  if (!anonymous) {
    out->append("null");
    return;
  }
  out->append("{\"descriptor\":");
  AppendJsonString(anonymous->descriptor, out);
  out->append(",\"descriptor_span\":");
  AppendSpan(anonymous->descriptor_span, text, out);
  out->append(",\"reason\":");
  AppendOptionalSpan(anonymous->reason, text, out);
  out->push_back('}');
}

void AppendDate(const StatementDate& date, std::string_view text,
                std::string* out) {
  out->append("{\"expr\":");
  AppendOptionalSpan(date.expr, text, out);
  out->append(",\"resolved\":");
  AppendStringOrNull(date.resolved, out);
  out->append(",\"basis\":");
  AppendStringOrNull(date.basis, out);
  out->push_back('}');
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  size_t run = 0;  // start of the bytes not yet copied
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (const size_t len = utf8::SequenceLength(s, i); len > 0) {
        i += len;
        continue;
      }
    }
    out->append(s.data() + run, i - run);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c >= 0x80) {
          out->append("\\ufffd");  // an ill-formed byte
        } else {
          out->append("\\u00");
          out->push_back(kHexDigits[c >> 4]);
          out->push_back(kHexDigits[c & 0xF]);
        }
    }
    run = ++i;
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

void AppendClaimJson(const Claim& claim, std::string_view doc_text,
                     std::string* out) {
  out->append("{\"doc\":");
  AppendJsonString(claim.doc, out);
  out->append(",\"id\":");
  AppendJsonString(claim.id, out);
  out->append(",\"sentence\":");
  AppendNumber(claim.sentence, out);
  out->append(",\"type\":\"");
  out->append(ClaimTypeName(claim.type));
  out->append("\",\"content\":[");
  for (size_t i = 0; i < claim.content.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendSpan(claim.content[i], doc_text, out);
  }
  out->append("],");
  AppendKey("cue", out);
  AppendOptionalSpan(claim.cue, doc_text, out);
  out->push_back(',');
  AppendKey("source", out);
  AppendOptionalSpan(claim.source, doc_text, out);
  out->push_back(',');
  AppendKey("speaker", out);
  AppendSpeaker(claim.speaker, doc_text, out);
  out->push_back(',');
  AppendKey("anonymous", out);
  AppendAnonymity(claim.anonymous, doc_text, out);
  out->push_back(',');
  AppendKey("date", out);
  AppendDate(claim.date, doc_text, out);
  out->append("}\n");
}

namespace {

// Column widths in code points; one space between columns, the content
// column takes the rest of kTableWidth.
constexpr size_t kNumberWidth = 3;
constexpr size_t kTypeWidth = 8;
constexpr size_t kSpeakerWidth = 26;
constexpr size_t kCueWidth = 9;
constexpr size_t kDateWidth = 10;
constexpr size_t kContentWidth = kTableWidth - kNumberWidth - kTypeWidth -
                                 kSpeakerWidth - kCueWidth - kDateWidth - 5;

// `s` on one line: runs of white space and control characters become one
// space, with none at either end.
std::string Flatten(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool gap = false;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F) {
      gap = !out.empty();
      continue;
    }
    if (gap) out.push_back(' ');
    gap = false;
    out.push_back(ch);
  }
  return out;
}

// Appends `s` flattened and cut to `width` code points, padded with spaces
// to `width` unless it is the last cell of the line.
void AppendCell(std::string_view s, size_t width, bool pad, std::string* out) {
  const std::string flat = Flatten(s);
  size_t shown = utf8::CountCodePoints(flat);
  if (shown > width) {
    out->append(flat, 0, utf8::PrefixBytes(flat, width - 1));
    out->append(kEllipsis);
    shown = width;
  } else {
    out->append(flat);
  }
  if (pad) out->append(width - shown, ' ');
}

// "Name (kind)", cutting the name rather than the kind.
std::string SpeakerCell(const Speaker& speaker) {
  const std::string kind = SpeakerKindName(speaker.kind);
  const std::string name = Flatten(speaker.name);
  if (name.empty()) return kind;
  const size_t room = kSpeakerWidth - kind.size() - 3;
  if (utf8::CountCodePoints(name) <= room) return name + " (" + kind + ")";
  return name.substr(0, utf8::PrefixBytes(name, room - 1)) +
         std::string(kEllipsis) + " (" + kind + ")";
}

}  // namespace

void AppendClaimTableHeader(std::string* out) {
  AppendCell("#", kNumberWidth, true, out);
  out->push_back(' ');
  AppendCell("type", kTypeWidth, true, out);
  out->push_back(' ');
  AppendCell("speaker", kSpeakerWidth, true, out);
  out->push_back(' ');
  AppendCell("cue", kCueWidth, true, out);
  out->push_back(' ');
  AppendCell("date", kDateWidth, true, out);
  out->push_back(' ');
  AppendCell("content", kContentWidth, false, out);
  out->push_back('\n');
  out->append(kTableWidth, '-');
  out->push_back('\n');
}

void AppendClaimTableRow(size_t number, const Claim& claim,
                         std::string_view doc_text, std::string* out) {
  const std::string digits = std::to_string(number);
  if (digits.size() < kNumberWidth) {
    out->append(kNumberWidth - digits.size(), ' ');
  }
  AppendCell(digits, kNumberWidth, false, out);
  out->push_back(' ');
  AppendCell(ClaimTypeName(claim.type), kTypeWidth, true, out);
  out->push_back(' ');
  AppendCell(SpeakerCell(claim.speaker), kSpeakerWidth, true, out);
  out->push_back(' ');
  AppendCell(claim.cue ? SpanText(*claim.cue, doc_text) : "-", kCueWidth, true,
             out);
  out->push_back(' ');
  std::string_view date = "-";
  if (!claim.date.resolved.empty()) {
    date = claim.date.resolved;
  } else if (claim.date.expr) {
    date = SpanText(*claim.date.expr, doc_text);
  }
  AppendCell(date, kDateWidth, true, out);
  out->push_back(' ');
  // Enough of the content to fill the cell: later spans would be cut anyway.
  std::string content;
  for (const Span& span : claim.content) {
    if (!content.empty()) content.append(" ").append(kEllipsis).append(" ");
    const std::string_view piece = SpanText(span, doc_text);
    content.append(piece.substr(0, utf8::PrefixBytes(piece, 4 * kTableWidth)));
    if (utf8::CountCodePoints(content) > 2 * kTableWidth) break;
  }
  AppendCell(content, kContentWidth, false, out);
  out->push_back('\n');
}

}  // namespace claimtrack::text

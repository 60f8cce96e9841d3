// Hand-written JSON: the output path runs once per claim over large corpora,
// and a DOM per claim would cost more than finding the claim. Reading back
// (ParseClaimJson) uses nlohmann::json, whose exceptions stay in this file.
#include "text/claim_json.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

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

void AppendMentions(const std::vector<Mention>& mentions, std::string_view text,
                    std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < mentions.size(); ++i) {
    const Mention& m = mentions[i];
    if (i > 0) out->push_back(',');
    // The span's members, then the mention's own.
    AppendSpan(m.span, text, out);
    out->pop_back();
    out->append(",\"name\":");
    AppendJsonString(m.name, out);
    out->append(",\"kind\":\"");
    out->append(SpeakerKindName(m.kind));
    out->append("\"}");
  }
  out->push_back(']');
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
  out->push_back(',');
  AppendKey("mentions", out);
  AppendMentions(claim.mentions, doc_text, out);
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

// --- reading claims back ----------------------------------------------------
// A DOM is fine here: reading back is not on the extraction path.

namespace {

using nlohmann::json;

Status Bad(const std::string& path, std::string_view problem) {
  return Status::InvalidArgument("claim JSON: " + path + ": " +
                                 std::string(problem));
}

std::string Join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

template <typename Enum, size_t N>
bool EnumFromName(const std::string& name, const Enum (&values)[N],
                  const char* (*name_of)(Enum), Enum* out) {
  for (Enum value : values) {
    if (name == name_of(value)) {
      *out = value;
      return true;
    }
  }
  return false;
}

constexpr ClaimType kClaimTypes[] = {ClaimType::kDirect, ClaimType::kIndirect,
                                     ClaimType::kMixed};
constexpr SpeakerKind kSpeakerKinds[] = {
    SpeakerKind::kPerson, SpeakerKind::kOrganization, SpeakerKind::kCountry,
    SpeakerKind::kAnonymous, SpeakerKind::kUnknown};

// Reads the members of one claim object, pasting span texts into *text and
// keeping what it overwrote so that a failed claim can be taken back.
class ClaimReader {
 public:
  explicit ClaimReader(std::string* text)
      : text_(text), original_size_(text->size()) {}

  Status Read(const json& object, Claim* claim);
  // Restores *text to what it was before Read.
  void Undo();

 private:
  // The member `key` of `object` (required), or null when `optional` and
  // absent.
  Status Member(const json& object, const std::string& path,
                std::string_view key, bool optional, const json** out);
  Status String(const json& value, const std::string& path, bool nullable,
                std::string* out);
  Status Offset(const json& value, const std::string& path, uint32_t* out);
  Status ReadSpan(const json& value, const std::string& path, Span* out);
  Status ReadOptionalSpan(const json& value, const std::string& path,
                          std::optional<Span>* out);
  Status ReadSpeaker(const json& value, const std::string& path, Speaker* out);
  Status ReadAnonymity(const json& value, const std::string& path,
                       std::optional<Anonymity>* out);
  Status ReadDate(const json& value, const std::string& path,
                  StatementDate* out);
  Status ReadMention(const json& value, const std::string& path, Mention* out);
  Status Paste(Span span, const std::string& bytes, const std::string& path);

  std::string* text_;
  const size_t original_size_;
  std::vector<std::pair<size_t, std::string>> overwritten_;  // offset, bytes
};

Status ClaimReader::Member(const json& object, const std::string& path,
                           std::string_view key, bool optional,
                           const json** out) {
  static const json kNull;
  auto it = object.find(std::string(key));
  if (it == object.end()) {
    if (!optional) return Bad(Join(path, key), "missing");
    *out = &kNull;
    return Status::Ok();
  }
  *out = &*it;
  return Status::Ok();
}

Status ClaimReader::String(const json& value, const std::string& path,
                           bool nullable, std::string* out) {
  if (nullable && value.is_null()) {
    out->clear();
    return Status::Ok();
  }
  if (!value.is_string()) {
    return Bad(path, nullable ? "not a string or null" : "not a string");
  }
  *out = value.get_ref<const std::string&>();
  return Status::Ok();
}

Status ClaimReader::Offset(const json& value, const std::string& path,
                           uint32_t* out) {
  if (!value.is_number_unsigned()) {
    return Bad(path, "not a non-negative integer");
  }
  const uint64_t v = value.get<uint64_t>();
  if (v > kMaxClaimJsonText) return Bad(path, "offset too large");
  *out = static_cast<uint32_t>(v);
  return Status::Ok();
}

Status ClaimReader::ReadSpan(const json& value, const std::string& path,
                             Span* out) {
  if (!value.is_object()) return Bad(path, "not a span object");
  const json *text, *begin, *end;
  RETURN_IF_ERROR(Member(value, path, "text", false, &text));
  RETURN_IF_ERROR(Member(value, path, "begin", false, &begin));
  RETURN_IF_ERROR(Member(value, path, "end", false, &end));
  if (!text->is_string()) return Bad(Join(path, "text"), "not a string");
  Span span;
  RETURN_IF_ERROR(Offset(*begin, Join(path, "begin"), &span.begin));
  RETURN_IF_ERROR(Offset(*end, Join(path, "end"), &span.end));
  if (span.begin > span.end) return Bad(path, "begin is after end");
  RETURN_IF_ERROR(
      Paste(span, text->get_ref<const std::string&>(), Join(path, "text")));
  *out = span;
  return Status::Ok();
}

Status ClaimReader::ReadOptionalSpan(const json& value, const std::string& path,
                                     std::optional<Span>* out) {
  if (value.is_null()) {
    out->reset();
    return Status::Ok();
  }
  return ReadSpan(value, path, &out->emplace());
}

Status ClaimReader::Paste(Span span, const std::string& bytes,
                          const std::string& path) {
  if (bytes.size() != span.size()) {
    return Bad(path, std::to_string(bytes.size()) +
                         " bytes of text for a span of " +
                         std::to_string(span.size()));
  }
  for (size_t k = 0; k < bytes.size() && span.begin + k < text_->size(); ++k) {
    const char had = (*text_)[span.begin + k];
    if (had != ' ' && had != bytes[k]) {
      return Bad(path, "differs at byte " + std::to_string(span.begin + k) +
                           " from the text of an earlier span");
    }
  }
  if (span.begin < original_size_) {
    const size_t n = std::min<size_t>(span.end, original_size_) - span.begin;
    overwritten_.emplace_back(span.begin, text_->substr(span.begin, n));
  }
  if (span.end > text_->size()) text_->resize(span.end, ' ');
  text_->replace(span.begin, bytes.size(), bytes);
  return Status::Ok();
}

void ClaimReader::Undo() {
  for (auto it = overwritten_.rbegin(); it != overwritten_.rend(); ++it) {
    text_->replace(it->first, it->second.size(), it->second);
  }
  overwritten_.clear();
  text_->resize(original_size_);
}

Status ClaimReader::ReadSpeaker(const json& value, const std::string& path,
                                Speaker* out) {
  if (!value.is_object()) return Bad(path, "not an object");
  const json *name, *kind, *title, *affiliation, *antecedent;
  RETURN_IF_ERROR(Member(value, path, "name", false, &name));
  RETURN_IF_ERROR(Member(value, path, "kind", false, &kind));
  RETURN_IF_ERROR(Member(value, path, "title", true, &title));
  RETURN_IF_ERROR(Member(value, path, "affiliation", true, &affiliation));
  RETURN_IF_ERROR(Member(value, path, "antecedent", true, &antecedent));
  RETURN_IF_ERROR(String(*name, Join(path, "name"), false, &out->name));
  std::string kind_name;
  RETURN_IF_ERROR(String(*kind, Join(path, "kind"), false, &kind_name));
  if (!EnumFromName(kind_name, kSpeakerKinds, SpeakerKindName, &out->kind)) {
    return Bad(Join(path, "kind"), "unknown kind \"" + kind_name + "\"");
  }
  // Written only when non-empty; absent reads as empty.
  if (!title->is_null()) {
    RETURN_IF_ERROR(String(*title, Join(path, "title"), false, &out->title));
  }
  if (!affiliation->is_null()) {
    RETURN_IF_ERROR(String(*affiliation, Join(path, "affiliation"), false,
                           &out->affiliation));
  }
  if (!antecedent->is_null()) {
    RETURN_IF_ERROR(ReadSpan(*antecedent, Join(path, "antecedent"),
                             &out->antecedent.emplace()));
  }
  return Status::Ok();
}

Status ClaimReader::ReadAnonymity(const json& value, const std::string& path,
                                  std::optional<Anonymity>* out) {
  if (value.is_null()) {
    out->reset();
    return Status::Ok();
  }
  if (!value.is_object()) return Bad(path, "not an object or null");
  Anonymity& a = out->emplace();
  const json *descriptor, *span, *reason;
  RETURN_IF_ERROR(Member(value, path, "descriptor", false, &descriptor));
  RETURN_IF_ERROR(Member(value, path, "descriptor_span", false, &span));
  RETURN_IF_ERROR(Member(value, path, "reason", false, &reason));
  RETURN_IF_ERROR(
      String(*descriptor, Join(path, "descriptor"), false, &a.descriptor));
  RETURN_IF_ERROR(
      ReadSpan(*span, Join(path, "descriptor_span"), &a.descriptor_span));
  return ReadOptionalSpan(*reason, Join(path, "reason"), &a.reason);
}

Status ClaimReader::ReadDate(const json& value, const std::string& path,
                             StatementDate* out) {
  if (!value.is_object()) return Bad(path, "not an object");
  const json *expr, *resolved, *basis;
  RETURN_IF_ERROR(Member(value, path, "expr", false, &expr));
  RETURN_IF_ERROR(Member(value, path, "resolved", false, &resolved));
  RETURN_IF_ERROR(Member(value, path, "basis", false, &basis));
  RETURN_IF_ERROR(ReadOptionalSpan(*expr, Join(path, "expr"), &out->expr));
  RETURN_IF_ERROR(
      String(*resolved, Join(path, "resolved"), true, &out->resolved));
  return String(*basis, Join(path, "basis"), true, &out->basis);
}

Status ClaimReader::ReadMention(const json& value, const std::string& path,
                                Mention* out) {
  RETURN_IF_ERROR(ReadSpan(value, path, &out->span));
  const json *name, *kind;
  RETURN_IF_ERROR(Member(value, path, "name", false, &name));
  RETURN_IF_ERROR(Member(value, path, "kind", false, &kind));
  RETURN_IF_ERROR(String(*name, Join(path, "name"), false, &out->name));
  std::string kind_name;
  RETURN_IF_ERROR(String(*kind, Join(path, "kind"), false, &kind_name));
  if (!EnumFromName(kind_name, kSpeakerKinds, SpeakerKindName, &out->kind)) {
    return Bad(Join(path, "kind"), "unknown kind \"" + kind_name + "\"");
  }
  return Status::Ok();
}

Status ClaimReader::Read(const json& object, Claim* claim) {
  if (!object.is_object()) return Bad("line", "not a JSON object");
  const std::string top;
  const json* v;
  RETURN_IF_ERROR(Member(object, top, "doc", false, &v));
  RETURN_IF_ERROR(String(*v, "doc", false, &claim->doc));
  RETURN_IF_ERROR(Member(object, top, "id", false, &v));
  RETURN_IF_ERROR(String(*v, "id", false, &claim->id));
  RETURN_IF_ERROR(Member(object, top, "sentence", false, &v));
  if (!v->is_number_unsigned() ||
      v->get<uint64_t>() > std::numeric_limits<uint32_t>::max()) {
    return Bad("sentence", "not an integer in [0, 2^32)");
  }
  claim->sentence = v->get<uint32_t>();
  RETURN_IF_ERROR(Member(object, top, "type", false, &v));
  std::string type_name;
  RETURN_IF_ERROR(String(*v, "type", false, &type_name));
  if (!EnumFromName(type_name, kClaimTypes, ClaimTypeName, &claim->type)) {
    return Bad("type", "unknown type \"" + type_name + "\"");
  }
  RETURN_IF_ERROR(Member(object, top, "content", false, &v));
  if (!v->is_array() || v->empty())
    return Bad("content", "not a non-empty array");
  claim->content.resize(v->size());
  for (size_t i = 0; i < v->size(); ++i) {
    RETURN_IF_ERROR(ReadSpan((*v)[i], "content[" + std::to_string(i) + "]",
                             &claim->content[i]));
  }
  RETURN_IF_ERROR(Member(object, top, "cue", false, &v));
  RETURN_IF_ERROR(ReadOptionalSpan(*v, "cue", &claim->cue));
  RETURN_IF_ERROR(Member(object, top, "source", false, &v));
  RETURN_IF_ERROR(ReadOptionalSpan(*v, "source", &claim->source));
  RETURN_IF_ERROR(Member(object, top, "speaker", false, &v));
  RETURN_IF_ERROR(ReadSpeaker(*v, "speaker", &claim->speaker));
  RETURN_IF_ERROR(Member(object, top, "anonymous", false, &v));
  RETURN_IF_ERROR(ReadAnonymity(*v, "anonymous", &claim->anonymous));
  RETURN_IF_ERROR(Member(object, top, "date", false, &v));
  RETURN_IF_ERROR(ReadDate(*v, "date", &claim->date));
  RETURN_IF_ERROR(Member(object, top, "mentions", false, &v));
  if (!v->is_array()) return Bad("mentions", "not an array");
  claim->mentions.resize(v->size());
  for (size_t i = 0; i < v->size(); ++i) {
    RETURN_IF_ERROR(ReadMention((*v)[i], "mentions[" + std::to_string(i) + "]",
                                &claim->mentions[i]));
  }
  return Status::Ok();
}

}  // namespace

Status ParseClaimJson(std::string_view line, Claim* claim, std::string* text) {
  ClaimReader reader(text);
  Claim parsed;
  Status status;
  try {
    const json object = json::parse(line.begin(), line.end(), nullptr,
                                    /*allow_exceptions=*/false);
    status = object.is_discarded() ? Bad("line", "not valid JSON")
                                   : reader.Read(object, &parsed);
  } catch (const std::exception& e) {  // the JSON library's, or bad_alloc
    status = Bad("line", e.what());
  }
  if (!status.ok()) {
    reader.Undo();
    return status;
  }
  *claim = std::move(parsed);
  return Status::Ok();
}

}  // namespace claimtrack::text

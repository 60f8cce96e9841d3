// The two DocumentReader implementations (JSON Lines, plain text) over one
// buffered file-descriptor source, and the format detection in Open().
//
// Cost is linear in the input: lines are cut with memchr over 1 MiB chunks
// and appended to one reused buffer, so a 50 MB line costs one pass to cut,
// one to validate UTF-8 and one to parse. A line over the size limit is
// counted but not stored.
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "claimtrack/reader.h"
#include "common/json_fields.h"
#include "common/utf8.h"

namespace claimtrack {

namespace {

using json_fields::Field;
using json_fields::Fields;

constexpr size_t kChunkBytes = size_t{1} << 20;
constexpr size_t kKeptLineCapacity = size_t{16} << 20;
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr size_t kMaxQuotedCodePoints = 80;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), IsSpace);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// `s` in double quotes for a message: cut to kMaxQuotedCodePoints, with
// control characters shown as '?'.
std::string Quote(std::string_view s) {
  const size_t keep = utf8::PrefixBytes(s, kMaxQuotedCodePoints);
  std::string out = "\"";
  for (char c : s.substr(0, keep)) {
    out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
  }
  if (keep < s.size()) out += "...";
  out += '"';
  return out;
}

// Keeps the "YYYY-MM-DD" of an ISO-8601 date or date-time, and the time of
// day in seconds when "hh:mm" or "hh:mm:ss" follows the 'T' or ' ' (else
// -1; a zone suffix is ignored). Returns false when `s` does not start with
// a plausible calendar date followed by the end, 'T' or ' '.
bool IsoDatePrefix(std::string_view s, std::string* out, int32_t* seconds) {
  if (s.size() < 10) return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(s[i])) return false;
  }
  if (s[4] != '-' || s[7] != '-') return false;
  if (s.size() > 10 && s[10] != 'T' && s[10] != ' ') return false;
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  out->assign(s.substr(0, 10));
  *seconds = -1;
  const std::string_view t = s.substr(std::min<size_t>(s.size(), 11));
  auto two = [&t](size_t i) { return (t[i] - '0') * 10 + (t[i + 1] - '0'); };
  if (t.size() >= 5 && IsDigit(t[0]) && IsDigit(t[1]) && t[2] == ':' &&
      IsDigit(t[3]) && IsDigit(t[4]) && two(0) < 24 && two(3) < 60) {
    int32_t sec = two(0) * 3600 + two(3) * 60;
    if (t.size() >= 8 && t[5] == ':' && IsDigit(t[6]) && IsDigit(t[7]) &&
        two(6) < 60) {
      sec += two(6);
    }
    *seconds = sec;
  }
  return true;
}

// A read(2) loop with one reusable chunk buffer. Errors are sticky.
class ByteSource {
 public:
  ByteSource(int fd, bool owns_fd, std::string name)
      : fd_(fd),
        owns_fd_(owns_fd),
        name_(std::move(name)),
        buffer_(new char[kChunkBytes]) {}
  ~ByteSource() {
    if (owns_fd_) close(fd_);
  }
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  // Makes buffered() non-empty; false at end of input or on error.
  bool Fill() {
    if (begin_ < end_) return true;
    if (eof_ || !status_.ok()) return false;
    begin_ = end_ = 0;
    ssize_t n;
    do {
      n = read(fd_, buffer_.get(), kChunkBytes);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
      status_ = Status::IOError(name_ + ": " + std::strerror(errno));
      return false;
    }
    if (n == 0) {
      eof_ = true;
      return false;
    }
    end_ = static_cast<size_t>(n);
    return true;
  }

  std::string_view buffered() const {
    return std::string_view(buffer_.get() + begin_, end_ - begin_);
  }
  void Consume(size_t n) { begin_ += n; }
  const Status& status() const { return status_; }

 private:
  const int fd_;
  const bool owns_fd_;
  const std::string name_;
  std::unique_ptr<char[]> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  Status status_;
};

// Cuts the source into lines ('\n' removed). A line longer than `limit` is
// counted in *length but not stored. Returns false at end of input.
bool ReadLine(ByteSource* source, size_t limit, std::string* line,
              uint64_t* length) {
  line->clear();
  *length = 0;
  bool any = false;
  while (source->Fill()) {
    any = true;
    const std::string_view chunk = source->buffered();
    const void* newline = std::memchr(chunk.data(), '\n', chunk.size());
    const size_t n = newline == nullptr
                         ? chunk.size()
                         : static_cast<const char*>(newline) - chunk.data();
    *length += n;
    if (*length <= limit) {
      line->append(chunk.data(), n);
    } else if (!line->empty()) {
      line->clear();
    }
    if (newline != nullptr) {
      source->Consume(n + 1);
      return true;
    }
    source->Consume(n);
  }
  return any;
}

// Replaces each ill-formed UTF-8 byte and each NUL with '?', so that a bad
// line can still be parsed for its id (for the message only).
std::string Sanitize(std::string_view s) {
  std::string out(s);
  size_t from = 0;
  while (auto error = utf8::FindInvalid(std::string_view(out).substr(from))) {
    out[from + error->offset] = '?';
    from += error->offset + 1;
  }
  std::replace(out.begin(), out.end(), '\0', '?');
  return out;
}

// A member's name in double quotes, for a message.
std::string QuotedName(int which) {
  std::string quoted(1, '"');
  quoted += json_fields::kFieldNames[which];
  quoted += '"';
  return quoted;
}

// The type a message names for a member that is not a string.
const char* TypeName(const Field& field) {
  return field.kind == Field::Kind::kInteger ? "number" : field.type_name;
}

class JsonLinesReader final : public DocumentReader {
 public:
  JsonLinesReader(std::unique_ptr<ByteSource> source, std::string name,
                  const ReaderOptions& options)
      : source_(std::move(source)), name_(std::move(name)), options_(options) {}

  Result<bool> Next(Document* doc) override {
    // Give back the buffer of an unusually long line.
    if (line_.capacity() > kKeptLineCapacity) std::string().swap(line_);
    uint64_t length = 0;
    while (!done_) {
      if (!ReadLine(source_.get(), options_.max_document_bytes, &line_,
                    &length)) {
        done_ = true;
        if (!source_->status().ok()) return source_->status();
        break;
      }
      ++line_number_;
      if (length > options_.max_document_bytes) {
        return Fail("", "line of " + std::to_string(length) +
                            " bytes exceeds the limit of " +
                            std::to_string(options_.max_document_bytes));
      }
      if (!line_.empty() && line_.back() == '\r') line_.pop_back();
      if (IsBlank(line_)) continue;
      Status status = ParseLine(doc);
      if (!status.ok()) return status;
      return true;
    }
    return false;
  }

  const std::string& name() const override { return name_; }
  bool is_json_lines() const override { return true; }

 private:
  std::string Where() const {
    return name_ + ":" + std::to_string(line_number_);
  }

  Status Fail(std::string_view id, const std::string& what) const {
    std::string msg = Where() + ": ";
    if (!id.empty()) msg += "id " + Quote(id) + ": ";
    return Status::InvalidArgument(msg + what);
  }

  Status ParseLine(Document* doc);
  Status ParseJson(Fields* fields) const;
  Status ReadId(const Fields& fields, std::string* id) const;
  Status ReadText(Fields& fields, std::string_view id, std::string* text) const;
  Status ReadOptional(Fields& fields, int which, std::string_view id,
                      std::string* value) const;
  std::string BestEffortId(std::string_view line) const;

  std::unique_ptr<ByteSource> source_;
  const std::string name_;
  const ReaderOptions options_;
  std::string line_;
  uint64_t line_number_ = 0;
  bool done_ = false;
  // id -> line of the accepted document that carried it.
  std::unordered_map<std::string, uint64_t> seen_ids_;
};

Status JsonLinesReader::ParseLine(Document* doc) {
  if (auto error = utf8::FindInvalid(line_)) {
    return Fail(BestEffortId(line_),
                "invalid UTF-8 (" + std::string(error->reason) +
                    ") at byte offset " + std::to_string(error->offset) +
                    " of the line");
  }
  if (const void* nul = std::memchr(line_.data(), '\0', line_.size())) {
    return Fail(
        BestEffortId(line_),
        "NUL byte at byte offset " +
            std::to_string(static_cast<const char*>(nul) - line_.data()) +
            " of the line");
  }
  // The fast path reads nearly every line; what it declines, the parser
  // decides and words.
  Fields fields;
  if (!json_fields::ScanFields(line_, &fields)) {
    RETURN_IF_ERROR(ParseJson(&fields));
  }
  Document next;
  RETURN_IF_ERROR(ReadId(fields, &next.id));
  RETURN_IF_ERROR(ReadText(fields, next.id, &next.text));
  std::string date;
  RETURN_IF_ERROR(ReadOptional(fields, json_fields::kDate, next.id, &date));
  if (!date.empty() && !IsoDatePrefix(date, &next.date, &next.time_of_day)) {
    return Fail(next.id, "\"date\" is not an ISO-8601 date: " + Quote(date));
  }
  RETURN_IF_ERROR(
      ReadOptional(fields, json_fields::kTitle, next.id, &next.title));
  RETURN_IF_ERROR(
      ReadOptional(fields, json_fields::kOutlet, next.id, &next.outlet));
  RETURN_IF_ERROR(ReadOptional(fields, json_fields::kUrl, next.id, &next.url));
  RETURN_IF_ERROR(
      ReadOptional(fields, json_fields::kDateline, next.id, &next.dateline));
  auto [it, inserted] = seen_ids_.try_emplace(next.id, line_number_);
  if (!inserted) {
    return Fail(next.id, "duplicate id (first seen at line " +
                             std::to_string(it->second) + ")");
  }
  next.origin = Where();
  *doc = std::move(next);
  return Status::Ok();
}

Status JsonLinesReader::ParseJson(Fields* fields) const {
  std::string error;
  switch (json_fields::ParseFields(line_, fields, &error)) {
    case json_fields::ParseOutcome::kObject:
      return Status::Ok();
    case json_fields::ParseOutcome::kNotObject:
      return Fail("", "expected a JSON object, not " + error);
    case json_fields::ParseOutcome::kMalformed:
      break;
  }
  // Cut short: "last read" may quote a long string.
  std::string message = error.substr(0, utf8::PrefixBytes(error, 200));
  // The parser sees one line: its "line 1" would contradict ours.
  if (const size_t at = message.find("at line 1, column ");
      at != message.npos) {
    message.erase(at + 3, 8);
  }
  // CRLF is taken off the end; a CR left inside means CR-only line ends.
  if (line_.find('\r') != std::string::npos) {
    message +=
        " (the line has a CR byte: JSON Lines ends lines with LF or CRLF, "
        "not CR alone)";
  }
  return Fail("", "malformed JSON: " + message);
}

Status JsonLinesReader::ReadId(const Fields& fields, std::string* id) const {
  for (int which :
       {json_fields::kId, json_fields::kDocId, json_fields::kNewId}) {
    const Field& field = fields[which];
    if (field.kind == Field::Kind::kAbsent ||
        field.kind == Field::Kind::kNull) {
      continue;
    }
    if (field.kind == Field::Kind::kOther) {
      return Fail("", QuotedName(which) +
                          " must be a string or an integer, not " +
                          field.type_name);
    }
    *id = field.value;
    if (id->empty()) return Fail("", QuotedName(which) + " is empty");
    return Status::Ok();
  }
  return Fail("", "missing \"id\" (or \"doc_id\", \"newid\")");
}

Status JsonLinesReader::ReadText(Fields& fields, std::string_view id,
                                 std::string* text) const {
  for (int which : {json_fields::kText, json_fields::kBody}) {
    Field& field = fields[which];
    if (field.kind == Field::Kind::kAbsent) continue;
    if (field.kind == Field::Kind::kNull) {
      return Fail(id, QuotedName(which) + " is null");
    }
    if (field.kind != Field::Kind::kString) {
      return Fail(
          id, QuotedName(which) + " must be a string, not " + TypeName(field));
    }
    *text = std::move(field.value);
    // Valid UTF-8 in the line means valid UTF-8 here, but "\u0000" escapes
    // decode to NUL.
    if (size_t nul = text->find('\0'); nul != text->npos) {
      return Fail(id, "NUL character (\\u0000) at byte offset " +
                          std::to_string(nul) + " of the text");
    }
    if (IsBlank(*text)) {
      return Fail(id,
                  text->empty() ? "empty text" : "text is only white space");
    }
    return Status::Ok();
  }
  return Fail(id, "missing \"text\" (or \"body\")");
}

Status JsonLinesReader::ReadOptional(Fields& fields, int which,
                                     std::string_view id,
                                     std::string* value) const {
  value->clear();
  Field& field = fields[which];
  if (field.kind == Field::Kind::kAbsent || field.kind == Field::Kind::kNull) {
    return Status::Ok();
  }
  if (field.kind != Field::Kind::kString) {
    return Fail(
        id, QuotedName(which) + " must be a string, not " + TypeName(field));
  }
  *value = std::move(field.value);
  return Status::Ok();
}

std::string JsonLinesReader::BestEffortId(std::string_view line) const {
  Fields fields;
  std::string error;
  std::string id;
  if (json_fields::ParseFields(Sanitize(line), &fields, &error) ==
          json_fields::ParseOutcome::kObject &&
      ReadId(fields, &id).ok()) {
    return id;
  }
  return "";
}

class PlainTextReader final : public DocumentReader {
 public:
  PlainTextReader(std::unique_ptr<ByteSource> source, std::string name,
                  std::string id, size_t size_hint,
                  const ReaderOptions& options)
      : source_(std::move(source)),
        name_(std::move(name)),
        id_(std::move(id)),
        size_hint_(size_hint),
        options_(options) {}

  Result<bool> Next(Document* doc) override {
    if (done_) return false;
    done_ = true;
    std::string text;
    text.reserve(std::min(size_hint_, options_.max_document_bytes));
    while (source_->Fill()) {
      const std::string_view chunk = source_->buffered();
      if (text.size() + chunk.size() > options_.max_document_bytes) {
        return Fail("larger than the limit of " +
                    std::to_string(options_.max_document_bytes) + " bytes");
      }
      text.append(chunk);
      source_->Consume(chunk.size());
    }
    if (!source_->status().ok()) return source_->status();
    if (auto error = utf8::FindInvalid(text)) {
      return Fail("invalid UTF-8 (" + std::string(error->reason) +
                  ") at byte offset " + std::to_string(error->offset));
    }
    if (size_t nul = text.find('\0'); nul != text.npos) {
      return Fail("NUL byte at byte offset " + std::to_string(nul));
    }
    if (IsBlank(text)) {
      return Fail(text.empty() ? "empty text" : "text is only white space");
    }
    *doc = Document();
    doc->id = id_;
    doc->text = std::move(text);
    doc->origin = name_;
    return true;
  }

  const std::string& name() const override { return name_; }
  bool is_json_lines() const override { return false; }

 private:
  Status Fail(const std::string& what) const {
    return Status::InvalidArgument(name_ + ": id " + Quote(id_) + ": " + what);
  }

  std::unique_ptr<ByteSource> source_;
  const std::string name_;
  const std::string id_;
  const size_t size_hint_;
  const ReaderOptions options_;
  bool done_ = false;
};

bool HasJsonExtension(const std::string& path) {
  const size_t dot = path.rfind('.');
  if (dot == path.npos || path.find('/', dot) != path.npos) return false;
  std::string ext = path.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(c));
  return ext == "jsonl" || ext == "json" || ext == "ndjson";
}

// "dir/story.v2.txt" -> "story.v2": the base name up to its last dot.
std::string FileStem(const std::string& path) {
  const size_t slash = path.rfind('/');
  std::string base = slash == path.npos ? path : path.substr(slash + 1);
  const size_t dot = base.rfind('.');
  if (dot != base.npos && dot > 0) base.resize(dot);
  return base;
}

}  // namespace

Result<std::unique_ptr<DocumentReader>> DocumentReader::Open(
    const std::string& path, const ReaderOptions& options) {
  const bool is_stdin = path == "-";
  const std::string name = is_stdin ? "<stdin>" : path;
  int fd = STDIN_FILENO;
  if (!is_stdin) {
    do {
      fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) return Status::IOError(path + ": " + std::strerror(errno));
  }
  auto source = std::make_unique<ByteSource>(fd, !is_stdin, name);
  struct stat st;
  size_t size_hint = 0;
  if (fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      return Status::InvalidArgument(name + ": is a directory");
    }
    if (S_ISREG(st.st_mode)) size_hint = static_cast<size_t>(st.st_size);
  }

  // Peek at the first chunk: drop a byte-order mark, then sniff for '{'.
  bool json_lines = !is_stdin && HasJsonExtension(path);
  if (source->Fill()) {
    std::string_view head = source->buffered();
    if (head.starts_with(kByteOrderMark)) {
      source->Consume(kByteOrderMark.size());
      head.remove_prefix(kByteOrderMark.size());
    }
    const size_t first =
        std::find_if_not(head.begin(), head.end(), IsSpace) - head.begin();
    if (first < head.size() && head[first] == '{') json_lines = true;
  } else if (!source->status().ok()) {
    return source->status();
  }

  if (json_lines) {
    return std::unique_ptr<DocumentReader>(
        new JsonLinesReader(std::move(source), name, options));
  }
  return std::unique_ptr<DocumentReader>(new PlainTextReader(
      std::move(source), name, is_stdin ? "stdin" : FileStem(path), size_hint,
      options));
}

}  // namespace claimtrack

// libFuzzer target: arbitrary bytes as a JSON Lines file, read to the end
// with DocumentReader.
//
// DocumentReader only opens paths, so each input is written to one temporary
// file named *.jsonl (the extension forces JSON Lines whatever the first
// byte), created once per process and rewritten in place. Inputs of even
// length are read with the default options, odd ones with a 96-byte line
// limit so that the over-limit path is reached by small inputs. (One read per
// input, not two: each Open allocates the reader's 1 MiB chunk buffer, which
// under ASan costs an mmap and dominates the run time.)
//
// Checked: the fast path (json_fields.h) agrees with nlohmann's parser on
// every line it accepts; every problem comes back as a Status (InvalidArgument
// for a bad line, IOError for the file) with a message naming the file, never a
// crash or an exception; the reader ends after at most one call per line; and
// each document accepted keeps the promises of reader.h.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unordered_set>

#include "claimtrack/document.h"
#include "claimtrack/reader.h"
#include "claimtrack/status.h"
#include "common/json_fields.h"
#include "common/utf8.h"

namespace {

using claimtrack::Document;

constexpr size_t kSmallLimit = 96;

[[noreturn]] void Violation(const char* what, std::string_view detail = "") {
  std::fprintf(stderr, "reader_fuzz: invariant violated: %s %.*s\n", what,
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// reader.h keeps only the "YYYY-MM-DD" of a date.
bool LooksLikeIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(s[i])) return false;
  }
  return true;
}

// The temporary file, created on first use and removed at exit.
class ScratchFile {
 public:
  ScratchFile() {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") +
            "/reader_fuzz_XXXXXX.jsonl";
    fd_ = mkstemps(path_.data(), 6);
    if (fd_ < 0) {
      std::perror("reader_fuzz: mkstemps");
      std::abort();
    }
  }
  ~ScratchFile() {
    close(fd_);
    unlink(path_.c_str());
  }

  void Write(std::string_view bytes) {
    if (ftruncate(fd_, 0) != 0) Violation("harness: ftruncate failed");
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = pwrite(fd_, bytes.data() + done, bytes.size() - done,
                               static_cast<off_t>(done));
      if (n <= 0) Violation("harness: pwrite failed");
      done += static_cast<size_t>(n);
    }
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

void CheckDocument(const Document& doc, const std::string& name,
                   std::unordered_set<std::string>* ids) {
  if (doc.id.empty()) Violation("accepted document with an empty id");
  if (!ids->insert(doc.id).second) Violation("duplicate id accepted", doc.id);
  if (!claimtrack::utf8::IsValid(doc.text)) {
    Violation("accepted text is not valid UTF-8", doc.id);
  }
  if (doc.text.find('\0') != std::string::npos) {
    Violation("accepted text holds a NUL", doc.id);
  }
  bool blank = true;
  for (char c : doc.text) blank = blank && IsSpace(c);
  if (blank) Violation("accepted text is empty or only white space", doc.id);
  for (const std::string* field :
       {&doc.id, &doc.title, &doc.outlet, &doc.url}) {
    if (!claimtrack::utf8::IsValid(*field)) {
      Violation("accepted metadata is not valid UTF-8", doc.id);
    }
  }
  if (!doc.date.empty() && !LooksLikeIsoDate(doc.date)) {
    Violation("date is not YYYY-MM-DD", doc.date);
  }
  if (doc.origin.rfind(name + ":", 0) != 0) {
    Violation("origin is not \"file:line\"", doc.origin);
  }
}

void ReadAll(const std::string& path, std::string_view bytes,
             const claimtrack::ReaderOptions& options) {
  auto opened = claimtrack::DocumentReader::Open(path, options);
  if (!opened.ok()) {
    Violation("Open failed on a readable file", opened.status().ToString());
  }
  claimtrack::DocumentReader& reader = **opened;
  if (!reader.is_json_lines()) Violation("a .jsonl file read as plain text");

  // Each call consumes at least one line; one more call reports the end.
  size_t lines = 1;
  for (char c : bytes) lines += c == '\n';
  const size_t max_calls = lines + 1;

  std::unordered_set<std::string> ids;
  bool io_error = false;
  for (size_t calls = 0;; ++calls) {
    if (calls >= max_calls) Violation("reader did not stop at end of input");
    Document doc;
    claimtrack::Result<bool> next = reader.Next(&doc);
    if (io_error && (!next.ok() || *next)) {
      Violation("reader went on after an IOError");
    }
    if (!next.ok()) {
      const claimtrack::Status& status = next.status();
      if (status.message().rfind(reader.name(), 0) != 0) {
        Violation("error message does not name the file", status.message());
      }
      if (status.IsIOError()) {
        io_error = true;
      } else if (!status.IsInvalidArgument()) {
        Violation("unexpected status", status.ToString());
      }
      continue;
    }
    if (!*next) break;
    CheckDocument(doc, reader.name(), &ids);
  }
}

// Each line the scanner accepts is an object the parser reads the same.
void CheckFastPath(std::string_view bytes) {
  namespace jf = claimtrack::json_fields;
  while (!bytes.empty()) {
    const size_t end = std::min(bytes.find('\n'), bytes.size());
    const std::string_view line = bytes.substr(0, end);
    bytes.remove_prefix(std::min(end + 1, bytes.size()));
    jf::Fields fast;
    if (!claimtrack::utf8::IsValid(line) || !jf::ScanFields(line, &fast)) {
      continue;
    }
    jf::Fields reference;
    std::string error;
    if (jf::ParseFields(line, &reference, &error) !=
        jf::ParseOutcome::kObject) {
      Violation("the scanner accepted a line the parser rejects", line);
    }
    if (fast != reference) Violation("scanner and parser differ", line);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static ScratchFile* const file = new ScratchFile();
  static const bool cleanup_registered = [] {
    std::atexit([] { delete file; });
    return true;
  }();
  (void)cleanup_registered;

  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  CheckFastPath(bytes);
  file->Write(bytes);
  claimtrack::ReaderOptions options;
  if (size % 2 == 1) options.max_document_bytes = kSmallLimit;
  ReadAll(file->path(), bytes, options);
  return 0;
}

// DocumentReader: streams the documents of one input, one at a time.
//
// Input formats (chosen at Open):
//  * JSON Lines, when the path ends in .jsonl, .json or .ndjson, or when the
//    first byte that is not white space (after an optional UTF-8 byte-order
//    mark) is '{'. One object per line; blank lines are ignored; CRLF line
//    ends are accepted. Fields:
//      "id"    string, or the gold formats' "doc_id" (string) or "newid"
//              (integer); required and non-empty
//      "text"  string, or "body"; required, non-empty, not only white space
//      "date"  optional ISO-8601 string: its "YYYY-MM-DD" becomes `date` and
//              a following "hh:mm[:ss]" `time_of_day`, so "1987-02-26
//              15:01:01" and "2016-09-12T10:00Z" both work
//      "title", "outlet", "url"  optional strings
//    Other fields are ignored; null counts as absent for optional fields.
//  * Plain text otherwise: the whole input is one document whose id is the
//    file name without directory and extension ("stdin" for standard input)
//    and whose date is empty. A leading byte-order mark is dropped.
//
// Every document returned has valid UTF-8 text without NUL bytes, a
// non-empty id unique within this input, and `origin` set to "file:line"
// (JSON Lines) or "file" (plain text).
#ifndef CLAIMTRACK_READER_H_
#define CLAIMTRACK_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "claimtrack/document.h"
#include "claimtrack/status.h"

namespace claimtrack {

struct ReaderOptions {
  // Longest JSON line, or largest plain-text file, accepted; longer items are
  // skipped without being held in memory.
  size_t max_document_bytes = size_t{64} << 20;
};

class DocumentReader {
 public:
  // Opens `path`, or standard input when `path` is "-", and detects the
  // format (standard input is peeked, not rewound). Fails with IOError when
  // the input cannot be opened, InvalidArgument when it is a directory.
  static Result<std::unique_ptr<DocumentReader>> Open(
      const std::string& path, const ReaderOptions& options = {});

  virtual ~DocumentReader() = default;
  DocumentReader(const DocumentReader&) = delete;
  DocumentReader& operator=(const DocumentReader&) = delete;

  // Reads the next document into *doc, overwriting all its fields.
  //  * true: *doc holds the next document.
  //  * false: the input is exhausted.
  //  * InvalidArgument: one item was bad and has been skipped; the message
  //    names "file:line" (or the file) and the document id when known, e.g.
  //    `a.jsonl:7: id "x1": invalid UTF-8 at byte 112 of the line: UTF-16
  //    surrogate`. *doc is unspecified; call Next again to continue.
  //  * IOError: reading failed; later calls return false.
  // Memory stays bounded by the largest item, whatever the number of
  // documents, except for the set of ids seen (for the duplicate check).
  virtual Result<bool> Next(Document* doc) = 0;

  // The input's name for messages: the path, or "<stdin>".
  virtual const std::string& name() const = 0;

  // True for JSON Lines input, false for plain text.
  virtual bool is_json_lines() const = 0;

 protected:
  DocumentReader() = default;
};

}  // namespace claimtrack

#endif  // CLAIMTRACK_READER_H_

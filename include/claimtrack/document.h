// A document: immutable UTF-8 text plus the metadata it arrived with.
#ifndef CLAIMTRACK_DOCUMENT_H_
#define CLAIMTRACK_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace claimtrack {

// A half-open range [begin, end) of UTF-8 byte offsets into a document's text.
// Invariant wherever a Span is stored: begin <= end <= text.size(), and both
// ends fall on code-point boundaries.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;

  uint32_t size() const { return end - begin; }
  bool empty() const { return begin >= end; }
  std::string_view In(std::string_view text) const {
    return text.substr(begin, end - begin);
  }
  friend bool operator==(const Span&, const Span&) = default;
};

struct Document {
  std::string id;    // unique within a collection; never empty once read
  std::string text;  // valid UTF-8, never modified after reading
  std::string date;  // ISO-8601 "YYYY-MM-DD", or empty
  // Seconds after midnight when the input's date had a time ("T15:01:01"),
  // else -1. Orders same-day documents ("who said it first").
  int32_t time_of_day = -1;
  std::string title;  // optional metadata, may be empty
  std::string outlet;
  std::string url;
  // Where the story was filed, when the input gives it apart from the text
  // (Reuters-21578's "dateline": "WASHINGTON, March 3 -"); may be empty.
  // The extractor reads it as it reads a dateline at the top of the text.
  std::string dateline;
  std::string origin;  // where it came from, for messages: "file.jsonl:12"
};

}  // namespace claimtrack

#endif  // CLAIMTRACK_DOCUMENT_H_

// The fields of a JSON Lines document, read from one line without building
// a JSON tree.
//
// DocumentReader takes ten members of each line's object (reader.h) and
// ignores the rest. nlohmann's parser builds the whole object first, every
// member a node and every string a copy: on Reuters-21578 that was about 100
// instructions per byte of input, a tenth of an ingest's work. ScanFields
// validates the line in one pass and decodes only the members it needs.
//
// It is a fast path, not a second parser: it accepts only what it reads in
// full, and answers false for the rest (a line that is not one JSON
// object, a member of the ten repeated or of a type other than string or
// null, a key with escapes, a number with an exponent or over 300 bytes,
// a number in an id beyond 18 plain digits). The
// reader then parses the line with nlohmann, which decides and words the
// error. So whenever ScanFields returns true, its fields equal those of
// FieldsOf(nlohmann::json::parse(line)) (tests/common/json_fields_test.cc
// checks this on generated lines, valid and broken).
#ifndef CLAIMTRACK_COMMON_JSON_FIELDS_H_
#define CLAIMTRACK_COMMON_JSON_FIELDS_H_

#include <array>
#include <string>
#include <string_view>

namespace claimtrack::json_fields {

// The members DocumentReader reads, in the order it reads them.
enum FieldName {
  kId,
  kDocId,
  kNewId,
  kText,
  kBody,
  kDate,
  kTitle,
  kOutlet,
  kUrl,
  kDateline,
  kFieldCount
};

inline constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "id",   "doc_id", "newid",  "text", "body",
    "date", "title",  "outlet", "url",  "dateline"};

struct Field {
  enum class Kind { kAbsent, kNull, kString, kInteger, kOther };
  Kind kind = Kind::kAbsent;
  // kString: the decoded string. kInteger: the number as nlohmann's dump()
  // prints it. kOther: empty.
  std::string value;
  // kOther: the JSON type's name ("array", "number", ...), for messages.
  const char* type_name = "";

  bool operator==(const Field& other) const = default;
};

using Fields = std::array<Field, kFieldCount>;

// The index of `key` in kFieldNames, or -1.
int FieldIndex(std::string_view key);

// Fills *fields from `line`, which must be valid UTF-8 (the reader checks
// first), and returns true; or returns false, *fields then unspecified,
// when the line needs the full parser (above).
bool ScanFields(std::string_view line, Fields* fields);

enum class ParseOutcome { kObject, kMalformed, kNotObject };

// The same fields read with nlohmann's parser: the reader's path for the
// lines ScanFields declines, and the reference it is tested against.
// kObject: *fields filled. kMalformed: *error is the parser's message
// without its "[json.exception...] " tag. kNotObject: the line is another
// JSON value, whose type *error names ("array").
ParseOutcome ParseFields(std::string_view line, Fields* fields,
                         std::string* error);

}  // namespace claimtrack::json_fields

#endif  // CLAIMTRACK_COMMON_JSON_FIELDS_H_

// Every stored key and value as one line of readable text, decoded through
// the key codec (store/keys.h) and the value codecs (store/records.h):
// what `claimtrack kv dump` prints. For example
//
//   claims 20 31ba0e523eceb1a4 -> claim doc="x" type=mixed speaker="Lee ..."
//   edges 50 claim:0123456789abcdef EARLIER claim:... holder=... -> when=...
//   index 61 holder entity:... 2023-11-28 claim:... -> role=S terms=[...]
//
// A line is "<family> <prefix byte, hex> <key>", then " -> <value>" unless
// the value is empty. Strings are quoted with QuoteText(); ids are 16 hex
// digits, prefixed by their node kind where a key holds several kinds.
#ifndef CLAIMTRACK_STORE_KV_FORMAT_H_
#define CLAIMTRACK_STORE_KV_FORMAT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "claimtrack/status.h"
#include "store/db.h"

namespace claimtrack::store {

// The line for one record read from column family `cf`. Corruption when
// the key does not decode, belongs to another family, or the value does
// not decode as the key's prefix says it must (values that must be empty
// included). Claims store spans without text: with the text of the
// claim's document as `doc_text`, a claim's spans are shown with their
// text, else as offsets.
Result<std::string> DescribeRecord(Cf cf, std::string_view key,
                                   std::string_view value,
                                   std::string_view doc_text = {});

// `text` as a double-quoted string that is safe on a terminal: valid UTF-8
// as is except for the escapes \" \\ \n \r \t, \xNN for other control
// bytes and ill-formed bytes, and \uNNNN for C1 controls, line separators
// and bidirectional overrides. With max_code_points > 0, longer text is cut
// there and followed by "…(N bytes)", N being its full length.
std::string QuoteText(std::string_view text, size_t max_code_points = 0);

// Lower-case hex of arbitrary bytes, no separators.
std::string HexBytes(std::string_view bytes);

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_KV_FORMAT_H_

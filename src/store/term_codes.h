// The term table of HolderValue (schema/keys.md, format version 8): the
// content stems most claims use, each named in a stored value by its place
// in a fixed list (term_table.inc) instead of its 32-bit TermHash. Frequent
// terms take one or two bytes, and a value's places, sorted, are written as
// gaps. Terms outside the table keep their hash.
//
// The table is compiled in and never changes within a format version, so
// coding needs no dictionary in the database: every writer, shard and
// reader agrees on it.
#ifndef CLAIMTRACK_STORE_TERM_CODES_H_
#define CLAIMTRACK_STORE_TERM_CODES_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace claimtrack::store {

// The number of places in the table.
uint32_t TermTableSize();
// The place of the term with this TermHash, if the table holds it.
std::optional<uint32_t> TermPlace(uint32_t term_hash);
// The TermHash of the term at `place` (< TermTableSize()).
uint32_t TermAtPlace(uint32_t place);
// The stem at `place` (< TermTableSize()), for tests and tools.
std::string_view TermStemAtPlace(uint32_t place);

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_TERM_CODES_H_

#include "store/term_codes.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "text/terms.h"

namespace claimtrack::store {

namespace {

constexpr std::string_view kTable[] = {
#include "store/term_table.inc"
};
constexpr uint32_t kTableSize = sizeof(kTable) / sizeof(kTable[0]);

// The table's hashes by place, and its places by hash: an open-addressing
// table of (hash, place + 1), 0 when empty, at most 3/8 full. Each claim's
// holder entries look up every term (EncodeHolder): a binary search over
// the table was a third of that encoding, and the writer's.
struct Places {
  static constexpr uint32_t kSlots = 1u << 15;
  std::vector<uint32_t> hash_at;  // by place
  std::vector<uint64_t> slots;

  // The slot of `hash`, or the empty one where it would go.
  size_t Slot(uint32_t hash) const {
    size_t i = hash & (kSlots - 1);
    while (slots[i] != 0 && static_cast<uint32_t>(slots[i] >> 32) != hash) {
      i = (i + 1) & (kSlots - 1);
    }
    return i;
  }
};

static_assert(kTableSize * 8 <= Places::kSlots * 3);

const Places& Table() {
  static const Places* places = [] {
    auto* p = new Places;
    p->hash_at.reserve(kTableSize);
    p->slots.assign(Places::kSlots, 0);
    for (uint32_t i = 0; i < kTableSize; ++i) {
      const uint32_t h = text::TermHash(kTable[i]);
      p->hash_at.push_back(h);
      // Two stems of one hash would make the coding ambiguous; the table
      // has none (term_codes_test), and the first place would win.
      uint64_t& slot = p->slots[p->Slot(h)];
      if (slot == 0) slot = uint64_t{h} << 32 | (i + 1);
    }
    return p;
  }();
  return *places;
}

}  // namespace

uint32_t TermTableSize() { return kTableSize; }

std::optional<uint32_t> TermPlace(uint32_t term_hash) {
  const Places& table = Table();
  const uint64_t slot = table.slots[table.Slot(term_hash)];
  if (slot == 0) return std::nullopt;
  return static_cast<uint32_t>(slot) - 1;
}

uint32_t TermAtPlace(uint32_t place) { return Table().hash_at.at(place); }

std::string_view TermStemAtPlace(uint32_t place) { return kTable[place]; }

}  // namespace claimtrack::store

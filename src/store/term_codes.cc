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

struct Places {
  std::vector<uint32_t> hash_at;                       // by place
  std::vector<std::pair<uint32_t, uint32_t>> by_hash;  // (hash, place)
};

const Places& Table() {
  static const Places* places = [] {
    auto* p = new Places;
    p->hash_at.reserve(kTableSize);
    p->by_hash.reserve(kTableSize);
    for (uint32_t i = 0; i < kTableSize; ++i) {
      const uint32_t h = text::TermHash(kTable[i]);
      p->hash_at.push_back(h);
      p->by_hash.emplace_back(h, i);
    }
    std::sort(p->by_hash.begin(), p->by_hash.end());
    // Two stems of one hash would make the coding ambiguous; the table has
    // none (term_codes_test), and the first place would win.
    p->by_hash.erase(std::unique(p->by_hash.begin(), p->by_hash.end(),
                                 [](const auto& a, const auto& b) {
                                   return a.first == b.first;
                                 }),
                     p->by_hash.end());
    return p;
  }();
  return *places;
}

}  // namespace

uint32_t TermTableSize() { return kTableSize; }

std::optional<uint32_t> TermPlace(uint32_t term_hash) {
  const auto& v = Table().by_hash;
  auto it = std::lower_bound(v.begin(), v.end(),
                             std::make_pair(term_hash, uint32_t{0}));
  if (it == v.end() || it->first != term_hash) return std::nullopt;
  return it->second;
}

uint32_t TermAtPlace(uint32_t place) { return Table().hash_at.at(place); }

std::string_view TermStemAtPlace(uint32_t place) { return kTable[place]; }

}  // namespace claimtrack::store

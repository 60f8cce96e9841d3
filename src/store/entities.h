// Entity resolution across documents: which entity a claim's speaker, its
// affiliation and its mentions are.
//
// Rules (README, "Entities"):
//  * People are keyed by their full name without middle initials, so
//    "Clayton K. Yeutter" and "Clayton Yeutter" are one person across
//    documents. A one-word name ("Yeutter") is never merged across
//    documents on its own: it is an entity of its document, unless its
//    title and name together ("Trade Representative Yeutter") are a known
//    alias of exactly one person.
//  * Countries are keyed by their gazetteer name; the extractor has already
//    turned "Seoul", "South Korean" and "ROK" into "South Korea".
//  * Organizations are keyed by their canonical name (organizations.tsv);
//    a generic one ("the company", "the ministry") is an entity of its
//    document.
//  * Anonymous sources are entities of their document, one per descriptor.
#ifndef CLAIMTRACK_STORE_ENTITIES_H_
#define CLAIMTRACK_STORE_ENTITIES_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "claimtrack/claim.h"
#include "store/records.h"
#include "text/lexicon.h"

namespace claimtrack::store {

struct EntityRef {
  uint64_t id = 0;
  EntityRecord record;
};

// An alias as stored: normalized key and the form as written.
struct AliasForm {
  std::string normalized;
  std::string written;
};

// Lower-case (ASCII), single spaces, no leading "the ", no trailing
// punctuation: the form aliases are keyed and matched by.
std::string NormalizeAlias(std::string_view alias);

// Runs of white space as one space, none at the ends: names, titles and
// aliases as displayed (hard-wrapped newswire splits them across lines).
std::string CollapseSpaces(std::string_view s);

// schema/keys.md, "Ids". `scope_doc_id` is empty for global entities.
uint64_t EntityId(SpeakerKind kind, std::string_view key_name,
                  std::string_view scope_doc_id);

// Finds the one global person with a normalized alias, if exactly one has
// it (the store answers this from its aliases family).
using PersonByAlias =
    std::function<std::optional<EntityRef>(std::string_view normalized)>;

class EntityResolver {
 public:
  explicit EntityResolver(const text::Lexicon* lexicon);

  // The speaker's entity; nullopt when the claim names no speaker.
  std::optional<EntityRef> Speaker(const Claim& claim,
                                   const PersonByAlias& lookup) const;
  // The country or organization a person or anonymous source speaks for.
  std::optional<EntityRef> Affiliation(const Claim& claim) const;
  // The country a claim also speaks for because its speaker, or the
  // speaker's affiliation, is a body of that country's government
  // (organizations.tsv marks them): "the Pentagon", "an official of the
  // Office of the U.S. Trade Representative" -> United States.
  std::optional<EntityRef> Nation(const Claim& claim) const;
  // The entity a mention names.
  EntityRef Mentioned(const Claim& claim, const Mention& mention) const;

  // The forms of its speaker's name this claim shows: the canonical name,
  // the source as written (unless a pronoun or description), and for a
  // titled person, title and surname. `text` is the claim's (sparse) text.
  std::vector<AliasForm> SpeakerAliases(const Claim& claim,
                                        std::string_view text) const;

  // What an unnamed source's descriptor says of it ("two senior U.S.
  // defense officials": rank "senior", domain "defense", affiliation United
  // States, plural), from the facets of anonymous.tsv. `affiliation` is
  // the resolver's, if it found one.
  AnonymousDescriptor Describe(std::string_view descriptor,
                               std::string_view affiliation) const;

  // Country names compare equal under NormalizeAlias.
  bool IsCountry(std::string_view name) const;
  // The country whose government an organization (any of its names, in
  // any case) is a body of: "United States" for "the Treasury"; "" for
  // none.
  std::string GovernmentOf(std::string_view organization) const;
  // The country entity any of its names, capitals or demonyms names
  // ("Seoul" -> South Korea); a new entity named `name` when none does.
  EntityRef Country(std::string_view name) const;

 private:
  EntityRef Person(const Claim& claim, std::string_view name,
                   std::string_view title, const PersonByAlias* lookup) const;
  EntityRef Organization(const Claim& claim, std::string_view name) const;
  std::string CountryName(std::string_view name) const;  // "" if none

  const text::Lexicon* lexicon_;
  std::unordered_map<std::string, std::string>
      countries_;                                      // normalized -> name
  std::unordered_map<std::string, std::string> orgs_;  // normalized -> name
  std::unordered_map<std::string, std::string>
      government_of_;  // name -> country
};

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_ENTITIES_H_

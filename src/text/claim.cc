// Names of the claim enums as they appear in JSON output (schema/
// claim.schema.json) and in tables. DO NOT CHANGE the strings: readers of
// the JSON depend on them.
#include "claimtrack/claim.h"

#include "common/hash.h"

namespace claimtrack {

const char* ClaimTypeName(ClaimType type) {
  switch (type) {
    case ClaimType::kDirect:
      return "direct";
    case ClaimType::kIndirect:
      return "indirect";
    case ClaimType::kMixed:
      return "mixed";
  }
  return "unknown";
}

const char* SpeakerKindName(SpeakerKind kind) {
  switch (kind) {
    case SpeakerKind::kPerson:
      return "person";
    case SpeakerKind::kOrganization:
      return "organization";
    case SpeakerKind::kCountry:
      return "country";
    case SpeakerKind::kAnonymous:
      return "anonymous";
    case SpeakerKind::kUnknown:
      return "unknown";
  }
  return "unknown";
}

uint64_t ClaimIdOf(std::string_view doc_id, const std::vector<Span>& content) {
  return StableHash()
      .Add(doc_id)
      .Add(uint64_t{content.front().begin})
      .Add(uint64_t{content.back().end})
      .value();
}

}  // namespace claimtrack

// The resolver: turns each attribution's source, as written, into a speaker.
// Pronouns ("he"), definite descriptions ("the official", "the secretary")
// and surnames ("Austin") resolve to earlier mentions in the document;
// titles and affiliations are parsed from the mention ("U.S. Defense
// Secretary Lloyd Austin"); places stand for their governments ("Seoul");
// unnamed sources get a descriptor and the stated reason for anonymity.
#ifndef CLAIMTRACK_TEXT_RESOLVER_H_
#define CLAIMTRACK_TEXT_RESOLVER_H_

#include <optional>
#include <vector>

#include "claimtrack/claim.h"
#include "text/attributor.h"

namespace claimtrack::text {

struct ResolvedSource {
  Speaker speaker;
  std::optional<Anonymity> anonymous;
};

// Resolves every attribution of a document, in order (later ones may refer
// to earlier ones). The result is parallel to `attributions`.
std::vector<ResolvedSource> ResolveSources(
    const DocumentView& doc, const std::vector<Attribution>& attributions);

}  // namespace claimtrack::text

#endif  // CLAIMTRACK_TEXT_RESOLVER_H_

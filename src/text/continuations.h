// Quotations that stand alone, with no cue of their own, continue the
// speaker of the attribution before them.
#ifndef CLAIMTRACK_TEXT_CONTINUATIONS_H_
#define CLAIMTRACK_TEXT_CONTINUATIONS_H_

#include <vector>

#include "text/attributor.h"

namespace claimtrack::text::internal {

// Adds to `out` (attributions in sentence order) the quotations no claim
// covers that open a sentence, as claims inheriting the speaker of the
// attribution before them, or as further content of that attribution when
// it is in the same paragraph. `sentence_of_token` and `quote_of` map tokens
// to their sentence and enclosing quotation (-1: none).
void AddContinuations(const DocumentView& doc,
                      const std::vector<int>& sentence_of_token,
                      const std::vector<int>& quote_of,
                      std::vector<Attribution>* out);

}  // namespace claimtrack::text::internal

#endif  // CLAIMTRACK_TEXT_CONTINUATIONS_H_

// Attributions made by layout rather than by a verb:
//   WALLACE: Let's start with ...         (a transcript or headline speaker)
//   "...quotation..."
//   ― Sonya Herridge, Los Angeles          (a signature under a quotation)
#ifndef CLAIMTRACK_TEXT_LAYOUT_PATTERNS_H_
#define CLAIMTRACK_TEXT_LAYOUT_PATTERNS_H_

#include <vector>

#include "text/attributor.h"

namespace claimtrack::text {

// Appends the layout attributions of the document, in paragraph order.
// `sentence_of_token` maps each token to its sentence.
void FindLayoutAttributions(const DocumentView& doc,
                            const std::vector<int>& sentence_of_token,
                            std::vector<Attribution>* out);

}  // namespace claimtrack::text

#endif  // CLAIMTRACK_TEXT_LAYOUT_PATTERNS_H_

// Claim output for the tool: one JSON object per line (the form specified
// by schema/claim.schema.json), or rows of a table for a terminal.
//
// Both append to a caller-owned string, so a caller can batch many claims
// into one buffer and write it in large chunks. Both read span text from
// `doc_text`, the text of the document the claim was extracted from; a
// span that is out of range (a broken invariant) yields clamped text rather
// than undefined behaviour.
#ifndef CLAIMTRACK_TEXT_CLAIM_JSON_H_
#define CLAIMTRACK_TEXT_CLAIM_JSON_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "claimtrack/claim.h"

namespace claimtrack::text {

// Appends `s` as a JSON string literal: quoted, with '"', '\\' and control
// characters escaped. Well-formed UTF-8 is copied as is; each ill-formed
// byte becomes \ufffd, so the output is always valid JSON.
void AppendJsonString(std::string_view s, std::string* out);

// Appends one JSON object and '\n'. Optional members that are empty
// (speaker title, affiliation, antecedent) are omitted; absent spans and
// unknown dates are null. Offsets are UTF-8 byte offsets into `doc_text`.
void AppendClaimJson(const Claim& claim, std::string_view doc_text,
                     std::string* out);

// Total width of a table line, in code points.
inline constexpr size_t kTableWidth = 100;

// Appends the column titles and a rule: #, type, speaker, cue, date,
// content.
void AppendClaimTableHeader(std::string* out);

// Appends one row for `claim`, numbered `number`. Cells are cut to their
// column by code points (never inside a UTF-8 sequence), with "…" marking
// the cut; line breaks and tabs become spaces.
void AppendClaimTableRow(size_t number, const Claim& claim,
                         std::string_view doc_text, std::string* out);

}  // namespace claimtrack::text

#endif  // CLAIMTRACK_TEXT_CLAIM_JSON_H_

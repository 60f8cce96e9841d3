// Claim output for the tool: one JSON object per line (the form specified
// by schema/claim.schema.json), or rows of a table for a terminal; and the
// reader of that JSON form, for tools that load extracted claims back.
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
#include "claimtrack/status.h"

namespace claimtrack::text {

// Appends `s` as a JSON string literal: quoted, with '"', '\\' and control
// characters escaped. Well-formed UTF-8 is copied as is; each ill-formed
// byte becomes \ufffd, so the output is always valid JSON.
void AppendJsonString(std::string_view s, std::string* out);

// Appends one JSON object and '\n'. Optional members that are empty
// (speaker title, affiliation, antecedent) are omitted; absent spans and
// unknown dates are null; "mentions" is always written, [] when none.
// Offsets are UTF-8 byte offsets into `doc_text`.
void AppendClaimJson(const Claim& claim, std::string_view doc_text,
                     std::string* out);

// The largest text ParseClaimJson rebuilds: no span may end past it. Far
// beyond any document the readers accept, it keeps a corrupt offset from
// asking for gigabytes.
inline constexpr size_t kMaxClaimJsonText = size_t{1} << 30;

// Reads one line written by AppendClaimJson (with or without its '\n') into
// *claim: every member, including id, doc, sentence, spans, speaker,
// anonymity, date and mentions. Members the schema does not name are
// ignored, so lines from a later version that adds some still read.
//
// The document text is not in the JSON, so the claim's spans are pasted into
// a sparse copy of it: *text is grown with spaces to cover every span's end,
// and each span's "text" is written at its [begin, end) bytes. Call it with
// the same *text for every claim of one document to rebuild as much of the
// document as they cite; then span.In(*text) is each span's text.
//
// Fails with InvalidArgument, naming the member ("content[1].text",
// "speaker.kind"), when the line is not JSON or not an object, a required
// member is missing or of the wrong type, an enum string is unknown, an
// offset is out of range (begin > end, end > kMaxClaimJsonText), a span's
// text has a byte length other than end - begin (as over ill-formed UTF-8,
// which is written as \ufffd), or a span's text differs from the bytes already
// in *text at those offsets where those are not spaces (a space may be filler).
// On failure *claim and *text are unchanged. Never throws.
Status ParseClaimJson(std::string_view line, Claim* claim, std::string* text);

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

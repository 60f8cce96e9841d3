// libFuzzer target: arbitrary bytes as a Document's text, through
// Extractor::Extract, then the invariants every Claim must satisfy.
//
// Extract requires valid UTF-8 (the readers check it), so input that is not
// valid UTF-8 is not passed as is: each ill-formed byte is replaced by U+FFFD
// first, as a reader that repaired its input would. Valid input goes in
// unchanged (NUL included: it is well-formed UTF-8). So the extractor sees
// both plain text and text with replacement characters.
//
// Inputs of even length carry a document date, odd ones none, so both the
// anchored and the unanchored date paths are reached without spending input
// bytes on a flag.
//
// A violated invariant prints what broke and aborts, which libFuzzer turns
// into a crash report with the input saved.
//
// Extract also promises claims in text order of their first content span.
// That is checked only with EXTRACT_FUZZ_CHECK_ORDER=1 in the environment:
// a known violation (tests/fuzz/regressions/extract/order-*) is found within
// seconds and would otherwise stop every run before it reaches anything else.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "claimtrack/claim.h"
#include "claimtrack/document.h"
#include "claimtrack/extractor.h"
#include "common/utf8.h"

namespace {

using claimtrack::Claim;
using claimtrack::Span;

bool check_claim_order = false;  // set once, in LLVMFuzzerInitialize

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

[[noreturn]] void Violation(size_t claim, const char* what) {
  std::fprintf(stderr, "extract_fuzz: claim %zu: invariant violated: %s\n",
               claim, what);
  std::abort();
}

// `s` with every ill-formed byte replaced by U+FFFD; well-formed sequences
// are copied unchanged.
std::string ReplaceInvalidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 2);
  size_t i = 0;
  while (i < s.size()) {
    const size_t len = claimtrack::utf8::SequenceLength(s, i);
    if (len == 0) {
      out += kReplacementCharacter;
      ++i;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

// True when byte offset `pos` of valid UTF-8 `text` starts a code point or
// is the end of the text.
bool OnBoundary(std::string_view text, uint32_t pos) {
  return pos == text.size() ||
         (pos < text.size() && !claimtrack::utf8::IsContinuation(text[pos]));
}

void CheckSpan(std::string_view text, const Span& span, size_t claim,
               const char* what) {
  if (span.begin > span.end || span.end > text.size()) {
    std::fprintf(stderr, "extract_fuzz: %s [%u, %u) out of [0, %zu]\n", what,
                 span.begin, span.end, text.size());
    Violation(claim, "span out of range");
  }
  if (!OnBoundary(text, span.begin) || !OnBoundary(text, span.end)) {
    std::fprintf(stderr, "extract_fuzz: %s [%u, %u) splits a code point\n",
                 what, span.begin, span.end);
    Violation(claim, "span not on code-point boundaries");
  }
}

bool IsLowerHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

// A real calendar day written "YYYY-MM-DD", year 0001..9999.
bool IsIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int fields[3] = {0, 0, 0};
  constexpr size_t kStart[] = {0, 5, 8}, kLength[] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (size_t k = kStart[f]; k < kStart[f] + kLength[f]; ++k) {
      if (s[k] < '0' || s[k] > '9') return false;
      fields[f] = fields[f] * 10 + (s[k] - '0');
    }
  }
  const int year = fields[0], month = fields[1], day = fields[2];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

void CheckClaim(const claimtrack::Document& doc, const Claim& c, size_t k) {
  const std::string_view text = doc.text;
  if (c.content.empty()) Violation(k, "no content span");
  for (size_t i = 0; i < c.content.size(); ++i) {
    CheckSpan(text, c.content[i], k, "content");
    if (c.content[i].empty()) Violation(k, "empty content span");
    if (i > 0 && c.content[i].begin < c.content[i - 1].begin) {
      Violation(k, "content spans not in text order");
    }
  }
  if (c.cue) CheckSpan(text, *c.cue, k, "cue");
  if (c.source) CheckSpan(text, *c.source, k, "source");
  if (c.speaker.antecedent) {
    CheckSpan(text, *c.speaker.antecedent, k, "speaker.antecedent");
  }
  if (c.anonymous) {
    CheckSpan(text, c.anonymous->descriptor_span, k, "anonymous.descriptor");
    if (c.anonymous->reason) {
      CheckSpan(text, *c.anonymous->reason, k, "anonymous.reason");
    }
  }
  if (c.date.expr) CheckSpan(text, *c.date.expr, k, "date.expr");
  if (!c.date.resolved.empty() && !IsIsoDate(c.date.resolved)) {
    std::fprintf(stderr, "extract_fuzz: date.resolved \"%s\"\n",
                 c.date.resolved.c_str());
    Violation(k, "date.resolved is not a YYYY-MM-DD calendar day");
  }
  if (c.id.size() != 16) Violation(k, "claim id is not 16 characters");
  for (char ch : c.id) {
    if (!IsLowerHex(ch)) Violation(k, "claim id is not lower-case hex");
  }
  if (c.doc != doc.id) Violation(k, "claim doc differs from the document id");
}

void ExtractAndCheck(const claimtrack::Extractor& extractor,
                     const claimtrack::Document& doc) {
  if (!claimtrack::utf8::IsValid(doc.text)) {
    std::fprintf(stderr, "extract_fuzz: harness produced invalid UTF-8\n");
    std::abort();
  }
  const std::vector<Claim> claims = extractor.Extract(doc);
  for (size_t k = 0; k < claims.size(); ++k) {
    CheckClaim(doc, claims[k], k);
    // Extract's contract: claims in text order of their first content span.
    if (check_claim_order && k > 0 &&
        claims[k].content[0].begin < claims[k - 1].content[0].begin) {
      Violation(k, "claims not in text order of their first content span");
    }
  }
}

const claimtrack::Extractor& TheExtractor() {
  static const claimtrack::Extractor* const extractor = [] {
    auto created = claimtrack::Extractor::Create();
    if (!created.ok()) {
      std::fprintf(stderr, "extract_fuzz: %s\n",
                   created.status().ToString().c_str());
      std::abort();
    }
    return std::move(created).value().release();  // lives for the process
  }();
  return *extractor;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  const char* order = std::getenv("EXTRACT_FUZZ_CHECK_ORDER");
  check_claim_order = order != nullptr && std::string_view(order) == "1";
  TheExtractor();  // lexicons parsed once, before the first input
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  claimtrack::Document doc;
  doc.id = "fuzz";
  doc.origin = "fuzz";
  if (size % 2 == 0) doc.date = "2016-09-12";
  doc.text = claimtrack::utf8::IsValid(bytes) ? std::string(bytes)
                                              : ReplaceInvalidUtf8(bytes);
  ExtractAndCheck(TheExtractor(), doc);
  return 0;
}

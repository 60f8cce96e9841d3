// The extractor: document text in, attributed claims out.
#ifndef CLAIMTRACK_EXTRACTOR_H_
#define CLAIMTRACK_EXTRACTOR_H_

#include <memory>
#include <string>
#include <vector>

#include "claimtrack/claim.h"
#include "claimtrack/document.h"
#include "claimtrack/status.h"

namespace claimtrack {

namespace text {
class Lexicon;  // src/text/lexicon.h
}  // namespace text

class Extractor {
 public:
  // Builds an extractor over the lexicons compiled into the library, or,
  // when `lexicon_dir` is non-empty, over the files in that directory
  // (same names and formats as data/lexicon/). Fails with InvalidArgument
  // naming the file and line of the first malformed lexicon entry.
  static Result<std::unique_ptr<Extractor>> Create(
      const std::string& lexicon_dir = "");

  ~Extractor();
  Extractor(const Extractor&) = delete;
  Extractor& operator=(const Extractor&) = delete;

  // Finds the claims of `doc`, in text order of their first content span.
  // `doc.text` must be valid UTF-8 (the readers check it). Thread-safe: one
  // Extractor may serve many threads at once.
  std::vector<Claim> Extract(const Document& doc) const;

  // The lexicons in use (internal type; tools may include text/lexicon.h).
  const text::Lexicon& lexicon() const { return *lexicon_; }

 private:
  explicit Extractor(std::unique_ptr<text::Lexicon> lexicon);
  std::unique_ptr<text::Lexicon> lexicon_;
};

}  // namespace claimtrack

#endif  // CLAIMTRACK_EXTRACTOR_H_

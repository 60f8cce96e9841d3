// The lexicon files compiled into the library (generated at build time).
#ifndef CLAIMTRACK_TEXT_LEXICON_DATA_H_
#define CLAIMTRACK_TEXT_LEXICON_DATA_H_

#include <string_view>
#include <vector>

namespace claimtrack::text {

struct EmbeddedFile {
  std::string_view name;     // file name, e.g. "cues.tsv"
  std::string_view content;  // the file's bytes
};

const std::vector<EmbeddedFile>& EmbeddedLexicons();

}  // namespace claimtrack::text

#endif  // CLAIMTRACK_TEXT_LEXICON_DATA_H_

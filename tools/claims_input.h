// Reading the claims JSON Lines of `claimtrack extract` back as documents:
// a document's claims are consecutive lines with the same "doc", and its
// text is rebuilt sparsely from their spans (text/claim_json.h). Used by
// `ingest --claims` and `build-sst`.
#ifndef CLAIMTRACK_TOOLS_CLAIMS_INPUT_H_
#define CLAIMTRACK_TOOLS_CLAIMS_INPUT_H_

#include <spdlog/spdlog.h>

#include <istream>
#include <string>
#include <utility>
#include <vector>

#include "claimtrack/claim.h"
#include "claimtrack/document.h"
#include "claimtrack/status.h"
#include "text/claim_json.h"

namespace claimtrack::cli {

class ClaimsInput {
 public:
  // `name` is how messages call the stream ("part-00001.jsonl").
  ClaimsInput(std::istream* in, std::string name)
      : in_(in), name_(std::move(name)) {}

  // The next document and its claims; false at the end of the stream. A
  // line that is not a claim is skipped with a warning naming file and
  // line; a claim that conflicts with its document's earlier lines skips
  // the whole document. Fails with IOError when reading fails.
  Result<bool> Next(Document* doc, std::vector<Claim>* claims) {
    while (true) {
      if (!have_line_) {
        if (!ReadLine()) break;
      }
      have_line_ = false;
      if (open_ && pending_.doc != current_.id) {
        // The held line starts the next document: emit this one first.
        have_line_ = true;
        if (Emit(doc, claims)) return true;
        continue;
      }
      if (!open_) Start();
      if (bad_) continue;
      std::string merged = current_.text;  // a conflict leaves it unchanged
      Claim claim;
      Status s = text::ParseClaimJson(line_, &claim, &merged);
      if (!s.ok()) {
        spdlog::warn("skipped: document \"{}\": {}: {}", current_.id, Origin(),
                     s.message());
        ++skipped_;
        bad_ = true;
        continue;
      }
      current_.text = std::move(merged);
      claims_.push_back(std::move(claim));
    }
    if (in_->bad()) return Status::IOError("reading " + name_ + " failed");
    return open_ && Emit(doc, claims);
  }

  // Lines or documents skipped so far.
  uint64_t skipped() const { return skipped_; }

 private:
  std::string Origin() const {
    return name_ + ":" + std::to_string(line_number_);
  }

  // Reads lines until one parses as a claim (its doc in pending_.doc).
  bool ReadLine() {
    while (std::getline(*in_, line_)) {
      ++line_number_;
      if (line_.find_first_not_of(" \t\r") == std::string::npos) continue;
      std::string own;  // this line's spans alone
      Status s = text::ParseClaimJson(line_, &pending_, &own);
      if (s.ok()) return have_line_ = true;
      spdlog::warn("skipped: {}: {}", Origin(), s.message());
      ++skipped_;
    }
    return false;
  }

  void Start() {
    current_ = Document();
    current_.id = pending_.doc;
    current_.origin = Origin();
    claims_.clear();
    bad_ = false;
    open_ = true;
  }

  // Hands out the finished document; false when it was bad (dropped).
  bool Emit(Document* doc, std::vector<Claim>* claims) {
    const bool good = !bad_;
    if (good) {
      *doc = std::move(current_);
      *claims = std::move(claims_);
    }
    current_ = Document();
    claims_.clear();
    bad_ = false;
    open_ = false;
    return good;
  }

  std::istream* in_;
  std::string name_;
  std::string line_;
  size_t line_number_ = 0;
  bool have_line_ = false;  // line_ is read and parsed, not yet used
  Claim pending_;           // line_ parsed on its own
  bool open_ = false;       // a document is being gathered in current_
  Document current_;
  std::vector<Claim> claims_;
  bool bad_ = false;
  uint64_t skipped_ = 0;
};

}  // namespace claimtrack::cli

#endif  // CLAIMTRACK_TOOLS_CLAIMS_INPUT_H_

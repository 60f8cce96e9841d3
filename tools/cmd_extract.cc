// claimtrack extract: documents in, one JSON line (or table row) per claim
// out. Bad documents are reported on stderr and skipped; the run still ends
// in a non-OK status so that scripts notice.
//
// With --threads N > 1, one reader (this thread) feeds N extraction workers
// through a bounded window of documents, and results are written in input
// order, so the output is byte-identical to a single-threaded run.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "claimtrack/extractor.h"
#include "claimtrack/reader.h"
#include "commands.h"
#include "flags.h"
#include "ordered_pool.h"
#include "text/claim_json.h"

namespace claimtrack::cli {

namespace {

namespace po = boost::program_options;

constexpr size_t kFlushBytes = size_t{1} << 20;

enum class Format { kJsonLines, kTable };

struct ExtractFlags {
  Format format = Format::kJsonLines;
  std::string lexicon_dir;
  unsigned threads = 1;
  ReaderOptions reader;
  std::vector<std::string> inputs;
  bool help = false;
};

// Stdout through one growing buffer, written in large chunks.
class Output {
 public:
  std::string* buffer() { return &buffer_; }
  Status MaybeFlush() {
    return buffer_.size() >= kFlushBytes ? Flush() : Status::Ok();
  }
  Status Flush() {
    std::cout.write(buffer_.data(),
                    static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
    std::cout.flush();
    if (!std::cout) return Status::IOError("writing to stdout failed");
    return Status::Ok();
  }

 private:
  std::string buffer_;
};

void Render(Format format, const Document& doc,
            const std::vector<Claim>& claims, std::string* out) {
  if (format == Format::kJsonLines) {
    for (const Claim& claim : claims)
      text::AppendClaimJson(claim, doc.text, out);
    return;
  }
  out->append("\n== ").append(doc.id).append("  (").append(doc.origin);
  if (!doc.date.empty()) out->append(", ").append(doc.date);
  out->append("): ").append(std::to_string(claims.size()));
  out->append(claims.size() == 1 ? " claim\n" : " claims\n");
  if (claims.empty()) return;
  text::AppendClaimTableHeader(out);
  for (size_t i = 0; i < claims.size(); ++i) {
    text::AppendClaimTableRow(i + 1, claims[i], doc.text, out);
  }
}

// Documents travel to the extraction workers in batches (kBatchDocuments
// or kBatchBytes, whichever comes first) so that locking costs little next
// to extraction even for short newswire items; a batch comes back rendered,
// in input order (tools/ordered_pool.h).
class Pipeline {
 public:
  Pipeline(const Extractor& extractor, Format format, Output* output,
           unsigned threads)
      : pool_(
            threads,
            [&extractor, format](Batch& batch) {
              for (const Document& doc : batch.docs) {
                const std::vector<Claim> claims = extractor.Extract(doc);
                batch.claims += claims.size();
                Render(format, doc, claims, &batch.rendered);
              }
              batch.docs.clear();
              return std::move(batch);
            },
            [this, output](Batch& batch) {
              claims_ += batch.claims;
              output->buffer()->append(batch.rendered);
              return output->MaybeFlush();
            },
            "ct:extract"),
        output_(output) {}

  Status Add(Document doc) {
    pending_bytes_ += doc.text.size();
    pending_.docs.push_back(std::move(doc));
    if (pending_.docs.size() < kBatchDocuments &&
        pending_bytes_ < kBatchBytes) {
      return Status::Ok();
    }
    return Submit();
  }

  Status Finish() {
    RETURN_IF_ERROR(Submit());
    RETURN_IF_ERROR(pool_.Finish());
    return output_->Flush();
  }

  uint64_t claims() const { return claims_; }

 private:
  static constexpr size_t kBatchDocuments = 64;
  static constexpr size_t kBatchBytes = size_t{1} << 20;

  struct Batch {
    std::vector<Document> docs;
    std::string rendered;
    size_t claims = 0;
  };

  Status Submit() {
    if (pending_.docs.empty()) return Status::Ok();
    Batch batch = std::move(pending_);
    pending_ = Batch();
    pending_bytes_ = 0;
    return pool_.Submit(std::move(batch));
  }

  OrderedPool<Batch, Batch> pool_;
  Output* const output_;
  Batch pending_;
  size_t pending_bytes_ = 0;
  uint64_t claims_ = 0;
};

po::options_description Options(std::string* format, int* threads,
                                size_t* max_doc_mb, ExtractFlags* flags) {
  po::options_description options("options");
  options.add_options()("help,h", "print this help")(
      "format,f", po::value(format),
      "jsonl or table (default: table on a terminal, else jsonl)")(
      "lexicon,l", po::value(&flags->lexicon_dir),
      "load lexicons from DIR instead of the built-in ones")(
      "threads,j", po::value(threads)->default_value(1),
      "extraction threads (0 = one per core); output order is unchanged")(
      "max-doc-mb", po::value(max_doc_mb)->default_value(64),
      "skip documents (JSON lines, text files) larger than this many MiB");
  return options;
}

void PrintUsage(const po::options_description& options) {
  std::cout << "usage: claimtrack extract [OPTIONS] FILE... | -\n\n"
               "Finds attributed claims in each document and writes one JSON\n"
               "object per claim (schema/claim.schema.json) or a table.\n"
               "FILEs are JSON Lines ({\"id\", \"text\", \"date\"?, ...}; "
               ".jsonl/.json/.ndjson or\ncontent starting with '{') or plain "
               "text (one document per file); - reads stdin.\nBad documents "
               "are reported and skipped; the exit status is then 1.\n\n"
            << options;
}

Result<ExtractFlags> ParseExtractFlags(const std::vector<std::string>& args) {
  ExtractFlags flags;
  std::string format;
  int threads = 1;
  size_t max_doc_mb = 64;
  po::options_description options =
      Options(&format, &threads, &max_doc_mb, &flags);
  po::options_description all;
  all.add(options).add_options()("input", po::value(&flags.inputs)->composing(),
                                 "input files");
  po::positional_options_description positional;
  positional.add("input", -1);
  po::variables_map vm;
  RETURN_IF_ERROR(ParseFlags(args, all, positional, "extract", &vm));
  if (vm.count("help")) {
    PrintUsage(options);
    flags.help = true;
    return flags;
  }
  if (format.empty()) {
    flags.format = isatty(STDOUT_FILENO) ? Format::kTable : Format::kJsonLines;
  } else if (format == "jsonl") {
    flags.format = Format::kJsonLines;
  } else if (format == "table") {
    flags.format = Format::kTable;
  } else {
    return Status::InvalidArgument("--format must be jsonl or table, not '" +
                                   format + "'");
  }
  RETURN_IF_ERROR(ThreadsAndSizeLimit(threads, max_doc_mb, &flags.threads,
                                      &flags.reader.max_document_bytes));
  if (flags.inputs.empty()) {
    return Status::InvalidArgument(
        "no input files (give - to read standard input)");
  }
  return flags;
}

struct Tally {
  uint64_t documents = 0;  // read, including skipped ones
  uint64_t skipped = 0;
  size_t inputs_failed = 0;
  Status first_input_error;
};

// Feeds every document of `path` to `pipeline`, logging and counting the
// bad ones. Fails only when the pipeline does (output errors).
Status ExtractInput(const std::string& path, const ReaderOptions& options,
                    Pipeline* pipeline, Tally* tally) {
  auto reader = DocumentReader::Open(path, options);
  if (!reader.ok()) {
    spdlog::error("{}", reader.status().message());
    if (tally->inputs_failed++ == 0) tally->first_input_error = reader.status();
    return Status::Ok();
  }
  Document doc;
  while (true) {
    Result<bool> next = (*reader)->Next(&doc);
    if (!next.ok()) {
      if (next.status().IsIOError()) {
        spdlog::error("{}", next.status().message());
        if (tally->inputs_failed++ == 0)
          tally->first_input_error = next.status();
        break;
      }
      spdlog::warn("skipped: {}", next.status().message());
      ++tally->documents;
      ++tally->skipped;
      continue;
    }
    if (!*next) break;
    ++tally->documents;
    RETURN_IF_ERROR(pipeline->Add(std::move(doc)));
  }
  return Status::Ok();
}

Status Summarize(const Tally& tally, size_t inputs) {
  if (tally.inputs_failed == inputs) return tally.first_input_error;
  std::string msg;
  if (tally.skipped > 0) {
    msg = std::to_string(tally.skipped) + " of " +
          std::to_string(tally.documents) + " documents skipped";
  }
  if (tally.inputs_failed > 0) {
    if (!msg.empty()) msg += "; ";
    msg += std::to_string(tally.inputs_failed) + " of " +
           std::to_string(inputs) + " inputs could not be read";
  }
  return msg.empty() ? Status::Ok() : Status::Partial(msg);
}

}  // namespace

Status RunExtract(const std::vector<std::string>& args) {
  ASSIGN_OR_RETURN(ExtractFlags flags, ParseExtractFlags(args));
  if (flags.help) return Status::Ok();
  ASSIGN_OR_RETURN(std::unique_ptr<Extractor> extractor,
                   Extractor::Create(flags.lexicon_dir));
  Output output;
  auto pipeline = std::make_unique<Pipeline>(*extractor, flags.format, &output,
                                             flags.threads);
  Tally tally;
  for (const std::string& input : flags.inputs) {
    RETURN_IF_ERROR(ExtractInput(input, flags.reader, pipeline.get(), &tally));
  }
  RETURN_IF_ERROR(pipeline->Finish());
  spdlog::debug("{} documents ({} skipped), {} claims", tally.documents,
                tally.skipped, pipeline->claims());
  return Summarize(tally, flags.inputs.size());
}

}  // namespace claimtrack::cli

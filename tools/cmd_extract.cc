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
#include <condition_variable>
#include <deque>
#include <exception>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "claimtrack/extractor.h"
#include "claimtrack/reader.h"
#include "commands.h"
#include "flags.h"
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

// Extracts and renders documents in submission order.
class Pipeline {
 public:
  Pipeline(const Extractor& extractor, Format format, Output* output)
      : extractor_(extractor), format_(format), output_(output) {}
  virtual ~Pipeline() = default;
  virtual Status Add(Document doc) = 0;
  virtual Status Finish() = 0;
  uint64_t claims() const { return claims_; }

 protected:
  const Extractor& extractor_;
  const Format format_;
  Output* const output_;
  uint64_t claims_ = 0;
};

class SerialPipeline final : public Pipeline {
 public:
  using Pipeline::Pipeline;
  Status Add(Document doc) override {
    const std::vector<Claim> claims = extractor_.Extract(doc);
    claims_ += claims.size();
    Render(format_, doc, claims, output_->buffer());
    return output_->MaybeFlush();
  }
  Status Finish() override { return output_->Flush(); }
};

// Documents travel in batches (kBatchDocuments or kBatchBytes, whichever
// comes first) so that locking costs little next to extraction even for
// short newswire items; at most 2 batches per worker are in flight.
class ParallelPipeline final : public Pipeline {
 public:
  ParallelPipeline(const Extractor& extractor, Format format, Output* output,
                   unsigned threads)
      : Pipeline(extractor, format, output), window_(2 * threads) {
    for (unsigned i = 0; i < threads; ++i) {
      workers_.emplace_back([this] { Work(); });
    }
  }

  ~ParallelPipeline() override {
    {
      std::lock_guard lock(mu_);
      closing_ = true;
      jobs_.clear();
    }
    job_ready_.notify_all();
    for (std::thread& worker : workers_) worker.join();
  }

  Status Add(Document doc) override {
    pending_bytes_ += doc.text.size();
    pending_.push_back(std::move(doc));
    if (pending_.size() < kBatchDocuments && pending_bytes_ < kBatchBytes) {
      return Status::Ok();
    }
    return Submit();
  }

  Status Finish() override {
    RETURN_IF_ERROR(Submit());
    std::unique_lock lock(mu_);
    while (next_write_ < next_seq_) {
      done_ready_.wait(lock, [this] { return done_.contains(next_write_); });
      RETURN_IF_ERROR(WriteReady(lock));
    }
    lock.unlock();
    return output_->Flush();
  }

 private:
  static constexpr size_t kBatchDocuments = 64;
  static constexpr size_t kBatchBytes = size_t{1} << 20;

  struct Job {
    uint64_t seq;
    std::vector<Document> docs;
  };
  struct Done {
    std::string rendered;
    size_t claims = 0;
    std::exception_ptr error;  // rethrown on the main thread
  };

  Status Submit() {
    if (pending_.empty()) return Status::Ok();
    Job job{0, std::move(pending_)};
    pending_.clear();
    pending_bytes_ = 0;
    std::unique_lock lock(mu_);
    while (next_seq_ - next_write_ >= window_) {
      done_ready_.wait(lock, [this] { return done_.contains(next_write_); });
      RETURN_IF_ERROR(WriteReady(lock));
    }
    job.seq = next_seq_++;
    jobs_.push_back(std::move(job));
    job_ready_.notify_one();
    return WriteReady(lock);
  }

  void Work() {
    std::unique_lock lock(mu_);
    while (true) {
      job_ready_.wait(lock, [this] { return closing_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      Job job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      Done done;
      try {
        for (const Document& doc : job.docs) {
          const std::vector<Claim> claims = extractor_.Extract(doc);
          done.claims += claims.size();
          Render(format_, doc, claims, &done.rendered);
        }
      } catch (...) {
        done.error = std::current_exception();
      }
      lock.lock();
      done_.emplace(job.seq, std::move(done));
      done_ready_.notify_one();
    }
  }

  // Writes the finished batches that are next in order. Called with `lock`
  // held; releases it while writing.
  Status WriteReady(std::unique_lock<std::mutex>& lock) {
    for (auto it = done_.find(next_write_); it != done_.end();
         it = done_.find(next_write_)) {
      Done done = std::move(it->second);
      done_.erase(it);
      ++next_write_;
      lock.unlock();
      if (done.error) std::rethrow_exception(done.error);
      claims_ += done.claims;
      output_->buffer()->append(done.rendered);
      Status status = output_->MaybeFlush();
      lock.lock();
      RETURN_IF_ERROR(status);
    }
    return Status::Ok();
  }

  std::vector<Document> pending_;  // the batch being filled
  size_t pending_bytes_ = 0;
  const uint64_t window_;  // batches in flight, bounding memory
  std::mutex mu_;
  std::condition_variable job_ready_;
  std::condition_variable done_ready_;
  std::deque<Job> jobs_;
  std::map<uint64_t, Done> done_;
  uint64_t next_seq_ = 0;
  uint64_t next_write_ = 0;
  bool closing_ = false;
  std::vector<std::thread> workers_;
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
  if (threads < 0 || threads > 256) {
    return Status::InvalidArgument("--threads must be between 0 and 256");
  }
  flags.threads = threads == 0
                      ? std::max(1u, std::thread::hardware_concurrency())
                      : static_cast<unsigned>(threads);
  if (max_doc_mb == 0 || max_doc_mb > 4095) {
    return Status::InvalidArgument("--max-doc-mb must be between 1 and 4095");
  }
  flags.reader.max_document_bytes = max_doc_mb << 20;
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
  std::unique_ptr<Pipeline> pipeline;
  if (flags.threads > 1) {
    pipeline = std::make_unique<ParallelPipeline>(*extractor, flags.format,
                                                  &output, flags.threads);
  } else {
    pipeline =
        std::make_unique<SerialPipeline>(*extractor, flags.format, &output);
  }
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

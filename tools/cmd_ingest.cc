// claimtrack ingest: documents (or the claims JSON that `extract` wrote)
// into the database. Extraction runs on worker threads; documents are
// written in input order, each in one atomic batch. Bad documents are
// reported and skipped; the rest go on, and the status is then Partial.
#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "claims_input.h"
#include "claimtrack/extractor.h"
#include "claimtrack/reader.h"
#include "commands.h"
#include "common/cpu_time.h"
#include "flags.h"
#include "ordered_pool.h"
#include "read_ahead.h"
#include "store_flags.h"

namespace claimtrack::cli {

namespace {

namespace po = boost::program_options;
using Clock = std::chrono::steady_clock;

struct IngestFlags {
  std::string db;
  std::string claims;  // --claims FILE
  std::string lexicon;
  unsigned threads = 2;
  size_t write_buffer_mb = 0, cache_mb = 0;
  ReaderOptions reader;
  std::vector<std::string> inputs;
  bool progress = false;
  bool compact = false;
  bool wait = false;          // for another writer's lock
  std::string link = "auto";  // --link: each, end, auto
};

struct Tally {
  uint64_t read = 0, skipped = 0, bytes = 0, claims = 0, entities = 0;
  uint64_t outcomes[4] = {0, 0, 0, 0};  // by IngestOutcome
  uint64_t entities_before = 0;
  Clock::time_point start = Clock::now(), last_progress;
};

// One line on stderr, rewritten in place, at most 4 times a second.
void Progress(Tally* t, bool final) {
  const auto now = Clock::now();
  if (!final && now - t->last_progress < std::chrono::milliseconds(250)) return;
  t->last_progress = now;
  const double s = std::chrono::duration<double>(now - t->start).count();
  std::fprintf(stderr,
               "\r  %llu documents  %.1f MB  %llu claims  %.1f MB/s   %s",
               static_cast<unsigned long long>(t->read), t->bytes / 1e6,
               static_cast<unsigned long long>(t->claims),
               s > 0 ? t->bytes / 1e6 / s : 0.0, final ? "\n" : "");
  std::fflush(stderr);
}

struct Extracted {
  std::vector<Document> docs;
  std::vector<std::vector<Claim>> claims;
  std::vector<store::PreparedDocument> prepared;  // by the workers
  bool sparse = false;
  // Counted by the reader thread for the tally: documents read (with their
  // text bytes) and inputs or documents skipped since the last batch.
  uint64_t read = 0, bytes = 0, skipped = 0;
};

class Ingester {
 public:
  // The store writes each document while the next is made
  // (Store::PipelineWrites); a document is counted once written.
  Ingester(store::Store* store, Tally* tally, bool progress)
      : store_(store), tally_(tally), progress_(progress) {
    store_->PipelineWrites([tally](const store::IngestResult& r) {
      ++tally->outcomes[static_cast<int>(r.outcome)];
      tally->claims += r.claims;
      tally->entities += r.new_entities;
    });
  }
  ~Ingester() { (void)Finish(); }

  const store::Store* store() const { return store_; }

  Status Write(Extracted& batch) {
    for (size_t i = 0; i < batch.docs.size(); ++i) {
      const Document& doc = batch.docs[i];
      Result<store::IngestResult> r = store_->Ingest(
          doc, batch.claims[i], batch.sparse,
          i < batch.prepared.size() ? &batch.prepared[i] : nullptr);
      if (!r.ok()) {
        // A storage failure stops the run; nothing of this document was
        // written (its batch is atomic). When a queued document's write
        // failed, the status names it: neither it nor those after it are
        // stored, and none of them is counted.
        if (store_->write_failed()) return r.status();
        return r.status().WithContext(doc.origin + ": document \"" + doc.id +
                                      "\"");
      }
      if (r->sparse_replaced_full) {
        spdlog::warn(
            "{}: document \"{}\" was stored with its full text; the claims "
            "JSON replaced it with a text of the claims' spans only",
            doc.origin, doc.id);
      }
      if (r->outcome == store::IngestOutcome::kDuplicate) {
        spdlog::debug(
            "{}: document \"{}\" has the same text as \"{}\"; not "
            "stored again",
            doc.origin, doc.id, r->duplicate_of);
      }
    }
    if (progress_) Progress(tally_, false);
    return Status::Ok();
  }

  // Waits for the last documents' writes and ends the pipelining: a
  // failed write's status (it names the document), else `run`.
  Status Finish(const Status& run = Status::Ok()) {
    if (finished_) return run;
    finished_ = true;
    const Status written = store_->FinishWrites();
    return written.ok() ? run : written;
  }

 private:
  store::Store* store_;
  Tally* tally_;
  bool progress_;
  bool finished_ = false;
};

// Reads the inputs and hands them on in batches: on a thread of its own
// (ReadAhead), so that parsing the JSON overlaps with the writes.
void ReadBatches(const IngestFlags& flags,
                 const ReadAhead<Extracted>::Push& push) {
  constexpr size_t kBatchDocs = 32, kBatchBytes = size_t{1} << 20;
  Extracted batch;
  for (const std::string& path : flags.inputs) {
    Result<std::unique_ptr<DocumentReader>> reader =
        DocumentReader::Open(path, flags.reader);
    if (!reader.ok()) {
      spdlog::error("{}", reader.status().message());
      ++batch.skipped;
      continue;
    }
    Document doc;
    while (true) {
      Result<bool> next = (*reader)->Next(&doc);
      if (!next.ok()) {
        spdlog::warn("skipped: {}", next.status().message());
        ++batch.skipped;
        if (next.status().IsIOError()) break;
        continue;
      }
      if (!*next) break;
      ++batch.read;
      batch.bytes += doc.text.size();
      batch.docs.push_back(std::move(doc));
      if (batch.docs.size() >= kBatchDocs || batch.bytes >= kBatchBytes) {
        if (!push(std::move(batch))) return;
        batch = Extracted();
      }
    }
  }
  if (!batch.docs.empty() || batch.skipped > 0) push(std::move(batch));
}

Status IngestDocuments(const IngestFlags& flags, const Extractor& extractor,
                       Ingester* ingester, Tally* tally) {
  OrderedPool<Extracted, Extracted> pool(
      flags.threads,
      [&extractor, store = ingester->store()](Extracted& batch) {
        batch.claims.reserve(batch.docs.size());
        for (const Document& doc : batch.docs) {
          batch.claims.push_back(extractor.Extract(doc));
          batch.prepared.push_back(store->Prepare(doc, batch.claims.back()));
        }
        return std::move(batch);
      },
      [ingester](Extracted& batch) { return ingester->Write(batch); },
      "ct:extract");
  // Stopped and joined when this returns, on an error too.
  ReadAhead<Extracted> input(4,
                             [&flags](const ReadAhead<Extracted>::Push& push) {
                               ReadBatches(flags, push);
                             });
  while (std::optional<Extracted> batch = input.Next()) {
    tally->read += batch->read;
    tally->bytes += batch->bytes;
    tally->skipped += batch->skipped;
    if (batch->docs.empty()) continue;
    RETURN_IF_ERROR(pool.Submit(std::move(*batch)));
  }
  return pool.Finish();
}

// --claims: the JSON Lines of `claimtrack extract`. A document's claims
// are consecutive lines with the same "doc"; its text is rebuilt sparsely
// from the claims' spans. A bad line skips its whole document.
Status IngestClaims(const IngestFlags& flags, Ingester* ingester,
                    Tally* tally) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (flags.claims != "-") {
    file.open(flags.claims, std::ios::binary);
    if (!file) return Status::IOError("cannot open " + flags.claims);
    in = &file;
  }
  ClaimsInput input(in, flags.claims == "-" ? "<stdin>" : flags.claims);
  Document doc;
  std::vector<Claim> claims;
  Status status;
  while (true) {
    Result<bool> more = input.Next(&doc, &claims);
    if (!more.ok()) {
      status = more.status();
      break;
    }
    if (!*more) break;
    Extracted current;
    current.sparse = true;
    ++tally->read;
    tally->bytes += doc.text.size();
    current.docs.push_back(std::move(doc));
    current.claims.push_back(std::move(claims));
    status = ingester->Write(current);
    if (!status.ok()) break;
  }
  tally->skipped += input.skipped();
  return status;
}

Result<IngestFlags> ParseIngestFlags(const std::vector<std::string>& args,
                                     bool* help) {
  IngestFlags flags;
  int threads = 2;
  size_t max_doc_mb = 64;
  po::options_description options("options");
  options.add_options()("help,h", po::bool_switch(help), "print this help");
  AddDbFlag(&options, &flags.db);
  options.add_options()(
      "claims", po::value(&flags.claims)->value_name("FILE"),
      "load claims JSON Lines written by 'claimtrack extract' (- for stdin)")(
      "lexicon,l", po::value(&flags.lexicon)->value_name("DIR"),
      "extract with the lexicons of DIR instead of the built-in ones")(
      "threads,j", po::value(&threads)->default_value(2),
      "extraction threads (0 = one per core); writes stay in input order")(
      "max-doc-mb", po::value(&max_doc_mb)->default_value(64),
      "skip documents larger than this many MiB")(
      "write-buffer-mb",
      po::value(&flags.write_buffer_mb)
          ->default_value(store::DbOptions().write_buffer_bytes >> 20),
      "RocksDB write buffer per column family, MiB (memory: up to 2 "
      "buffers per family, the index and edges families' twice this size)")(
      "cache-mb",
      po::value(&flags.cache_mb)
          ->default_value(store::DbOptions().block_cache_bytes >> 20),
      "RocksDB block cache, MiB")(
      "compact", po::bool_switch(&flags.compact),
      "compact the database at the end (smallest size on disk; takes time)")(
      "wait", po::bool_switch(&flags.wait),
      "when another process is writing to the database, wait for it to "
      "finish instead of failing at once")(
      "progress", po::value<std::string>()->default_value("auto"),
      "progress line on stderr: auto (when a terminal), always, never")(
      "link", po::value(&flags.link)->default_value("auto"),
      "EARLIER and REPEATS links: each (kept current document by document), "
      "end (one pass over the indexes when the run ends: faster for large "
      "inputs), auto (end when the input files hold at least 1/32 of "
      "the database's bytes)");
  po::options_description all;
  all.add(options).add_options()("input", po::value(&flags.inputs));
  po::positional_options_description positional;
  positional.add("input", -1);
  po::variables_map vm;
  RETURN_IF_ERROR(ParseFlags(args, all, positional, "ingest", &vm));
  if (*help) {
    std::cout << "usage: claimtrack ingest [--db DIR] FILE... | -\n"
                 "       claimtrack ingest [--db DIR] --claims FILE\n\n"
                 "Extracts claims from documents (the inputs of 'claimtrack "
                 "extract') and stores\ndocuments, claims, entities and links "
                 "in the database, one atomic write per\ndocument. "
                 "Re-ingesting a document changes nothing; a known id with "
                 "new text\nreplaces the old document whole.\n\n"
              << options;
    return flags;
  }
  RETURN_IF_ERROR(ThreadsAndSizeLimit(threads, max_doc_mb, &flags.threads,
                                      &flags.reader.max_document_bytes));
  if (flags.write_buffer_mb < 1 || flags.write_buffer_mb > 1024 ||
      flags.cache_mb > 65536) {
    return Status::InvalidArgument(
        "--write-buffer-mb must be 1..1024 and --cache-mb at most 65536");
  }
  const std::string progress = vm["progress"].as<std::string>();
  if (progress != "auto" && progress != "always" && progress != "never") {
    return Status::InvalidArgument("--progress must be auto, always or never");
  }
  if (flags.link != "auto" && flags.link != "each" && flags.link != "end") {
    return Status::InvalidArgument("--link must be each, end or auto");
  }
  flags.progress =
      progress == "always" || (progress == "auto" && isatty(STDERR_FILENO) &&
                               spdlog::get_level() <= spdlog::level::info);
  if (flags.inputs.empty() && flags.claims.empty()) {
    return Status::InvalidArgument(
        "no input: give files (- for stdin), or --claims FILE");
  }
  if (!flags.inputs.empty() && !flags.claims.empty()) {
    return Status::InvalidArgument(
        "give input files or --claims FILE, not both");
  }
  return flags;
}

// --link auto: whether to link in one pass at the end (Store::DeferLinks).
// That pass reads the whole holder and quotation indexes, about 23 s per
// GB of database (1 GB of synthetic text, 1.2 GB compacted: 28 s); linking
// each document costs look-ups that grow with the archive (Reuters-21578
// into an empty database: 0.02 s per MB of text; 300 MB of synthetic text:
// 0.17 s per MB: 117 s of ingest against 65 s + 6.4 s deferred, before the
// alias memo and the bulk load, which deferring brings). Deferring
// pays once the input is more than a fraction of the database, so auto
// defers when the input files hold at least 1/32 of the database's table
// bytes (always into an empty database; standard input counts as nothing,
// since its size is not known beforehand). The fraction was a quarter
// until the pass took both cores (d107502). Measured then, into a 198 MB
// database of 200 MB of `synth` text, adding the next part of the same
// file (later copies), `--link each` against `end`, two runs each: 0.5 MB
// 0.54-0.67 s against 2.7-3.1 s; 2 MB 1.7-2.1 against 3.3-3.8; 6 MB (1/33)
// 5.5-5.6 against 3.7-3.9; 12 MB 7.5-9.0 against 4.6-4.7; 16 MB 8.1
// against 5.4 (the same edges). So the two cost the same near 1/50.
// Reuters-21578 (6% of a 420 MB database of 500 MB of `synth` text, and
// dated before all of it) took 23 s linking each document.
bool DeferLinksFor(const IngestFlags& flags, store::Store* store) {
  if (flags.link != "auto") return flags.link == "end";
  uint64_t db_bytes = 0;
  for (size_t i = 0; i < store::kCfCount; ++i) {
    db_bytes += store->db()->FamilySize(static_cast<store::Cf>(i));
  }
  uint64_t input_bytes = 0;
  std::error_code ec;
  for (const std::string& path : flags.claims.empty()
                                     ? flags.inputs
                                     : std::vector<std::string>{flags.claims}) {
    if (path == "-") continue;
    const uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec) input_bytes += size;
  }
  return input_bytes >= db_bytes / 32;
}

// Opens the database; when the links are to be made at the end (--link,
// or an earlier run left them pending), opens it again for a bulk load
// (DbOptions::bulk_load), which defers them.
Result<std::unique_ptr<store::Store>> OpenToIngest(const std::string& path,
                                                   const IngestFlags& flags,
                                                   store::DbOptions* options) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                   store::Store::Open(path, *options));
  if (!store->links_deferred() && !DeferLinksFor(flags, store.get())) {
    return store;
  }
  store.reset();
  options->bulk_load = true;
  return store::Store::Open(path, *options);
}

// Db::Settle, timed: the wait for the compaction a bulk load left.
Status SettleTimed(store::Db* db, const std::function<void(uint64_t)>& waiting,
                   double* seconds) {
  const auto start = Clock::now();
  Status s = db->Settle(waiting);
  *seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return s;
}

// What the end of a bulk load took: compacting what it wrote, then the
// links, then compacting again (what the links wrote).
struct BulkEnd {
  uint64_t level0_files = 0;   // when the load was done
  double compact_seconds = 0;  // before the links
  double link_seconds = 0;
  double settle_seconds = 0;  // after them
  store::LinkStats links;
};

// Runs the ingest, and when its store is a bulk load (OpenToIngest), which
// defers the links, rebuilds them at the end unless the run failed. A bulk
// load first waits for the compaction of what it wrote (Db::Settle): the
// links read the claims and the index, which it did not compact.
Status IngestAndLink(const IngestFlags& flags, store::Store* store,
                     const std::function<Status()>& ingest,
                     const std::function<void(uint64_t)>& waiting,
                     BulkEnd* end) {
  if (store->links_deferred()) {
    spdlog::info(
        "{}: an earlier run left the EARLIER and REPEATS links incomplete; "
        "they are rebuilt when this one ends",
        flags.db);
  } else if (store->db()->bulk_load()) {
    // The mark names the command (Store::Ingest would write it too, at the
    // first document, naming the bulk load).
    RETURN_IF_ERROR(store->DeferLinks("ingest"));
  }
  Status run = ingest();
  if (!store->links_deferred()) return run;
  if (run.ok() && store->db()->bulk_load()) {
    run = store->db()->FlushAtEnd();
    end->level0_files = store->db()->Level0Files();
    // What was stored stays stored when the compaction stops short; the
    // links wait for the next writer.
    if (run.ok()) {
      run = SettleTimed(store->db(), waiting, &end->compact_seconds);
    }
  }
  if (!run.ok()) {
    spdlog::warn(
        "{}: the EARLIER and REPEATS links were not rebuilt; the next "
        "ingest, or 'claimtrack link --db {}', rebuilds them",
        flags.db, flags.db);
    return run;
  }
  const auto start = Clock::now();
  RETURN_IF_ERROR(store->Relink(&end->links));
  end->link_seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  return run;
}

// The CPU seconds of the process and of each role's threads so far
// (ThreadCpuRole), on the thread that ingests.
struct CpuSnapshot {
  double process = 0, main = 0, extract = 0, read = 0, commit = 0, link = 0,
         rocksdb = 0;
  static CpuSnapshot Now() {
    CpuSnapshot s;
    s.rocksdb = LiveThreadsCpuSeconds("rocksdb:");
    s.extract = RoleCpuSeconds("ct:extract");
    s.read = RoleCpuSeconds("ct:read");
    s.commit = RoleCpuSeconds("ct:commit");
    s.link = RoleCpuSeconds("ct:link");
    s.main = ThisThreadCpuSeconds();
    s.process = ProcessCpuSeconds();
    return s;
  }
};

}  // namespace

std::vector<std::pair<std::string, store::Db::FamilyWork>> WorkByFamily(
    store::Db* db) {
  std::vector<std::pair<std::string, store::Db::FamilyWork>> work;
  for (size_t i = 0; i < store::kCfCount; ++i) {
    const auto cf = static_cast<store::Cf>(i);
    work.emplace_back(store::CfName(cf), db->WorkOf(cf));
  }
  return work;
}

std::string FamilyWorkText(
    const std::vector<std::pair<std::string, store::Db::FamilyWork>>& work,
    bool compactions) {
  struct Row {
    const std::string* name;
    double cpu;
    uint64_t bytes;
  };
  std::vector<Row> rows;
  for (const auto& [name, w] : work) {
    const Row r = compactions
                      ? Row{&name, w.compaction_cpu_seconds, w.compaction_bytes}
                      : Row{&name, w.level0_cpu_seconds, w.level0_bytes};
    if (r.cpu > 0 || r.bytes > 0) rows.push_back(r);
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.cpu > b.cpu; });
  std::string text;
  for (const Row& r : rows) {
    text += fmt::format("{}{} {:.2f} s {:.1f} MB", text.empty() ? "" : ", ",
                        *r.name, r.cpu, r.bytes / 1e6);
  }
  return text.empty() ? "none" : text;
}

Status BenchIngest(const std::vector<std::string>& inputs,
                   const std::string& db_path, unsigned threads,
                   IngestFigures* figures) {
  const CpuSnapshot cpu_start = CpuSnapshot::Now();
  IngestFlags flags;
  flags.inputs = inputs;
  flags.threads = threads;
  store::DbOptions options;
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                   OpenToIngest(db_path, flags, &options));
  ASSIGN_OR_RETURN(std::unique_ptr<Extractor> extractor, Extractor::Create(""));
  Tally tally;
  Ingester ingester(store.get(), &tally, false);
  BulkEnd end;
  RETURN_IF_ERROR(IngestAndLink(
      flags, store.get(),
      [&] {
        return ingester.Finish(
            IngestDocuments(flags, *extractor, &ingester, &tally));
      },
      {}, &end));
  if (options.bulk_load) {
    RETURN_IF_ERROR(SettleTimed(store->db(), {}, &end.settle_seconds));
  }
  figures->link_seconds = end.link_seconds;
  figures->settle_seconds = end.compact_seconds + end.settle_seconds;
  const auto ingested = Clock::now();
  const CpuSnapshot cpu_ingested = CpuSnapshot::Now();
  IngestCpu& c = figures->cpu;
  c.total = cpu_ingested.process - cpu_start.process;
  c.extraction = cpu_ingested.extract - cpu_start.extract;
  c.reading = cpu_ingested.read - cpu_start.read;
  c.writer = cpu_ingested.main - cpu_start.main;
  c.commits = cpu_ingested.commit - cpu_start.commit;
  c.linking = cpu_ingested.link - cpu_start.link;
  c.background = cpu_ingested.rocksdb - cpu_start.rocksdb;
  figures->family_work = WorkByFamily(store->db());
  RETURN_IF_ERROR(store->db()->Compact());
  figures->compact_cpu_seconds = ProcessCpuSeconds() - cpu_ingested.process;
  figures->seconds =
      std::chrono::duration<double>(ingested - tally.start).count();
  figures->compact_seconds =
      std::chrono::duration<double>(Clock::now() - ingested).count();
  figures->documents = tally.read;
  figures->claims = tally.claims;
  figures->text_bytes = tally.bytes;
  figures->skipped = tally.skipped;
  figures->db_bytes = store->db()->SizeOnDisk();
  for (size_t i = 0; i < store::kCfCount; ++i) {
    const auto cf = static_cast<store::Cf>(i);
    figures->family_bytes.emplace_back(store::CfName(cf),
                                       store->db()->FamilySize(cf));
  }
  return Status::Ok();
}

Status RunIngest(const std::vector<std::string>& args) {
  bool help = false;
  ASSIGN_OR_RETURN(IngestFlags flags, ParseIngestFlags(args, &help));
  if (help) return Status::Ok();
  store::DbOptions options;
  options.write_buffer_bytes = flags.write_buffer_mb << 20;
  options.block_cache_bytes = flags.cache_mb << 20;
  options.wait_for_lock = flags.wait;
  options.on_lock_wait = [](const Status& locked) {
    spdlog::info("--wait: waiting for the other writer to finish: {}",
                 locked.message());
  };
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                   OpenToIngest(flags.db, flags, &options));
  Tally tally;
  Ingester ingester(store.get(), &tally, flags.progress);
  std::unique_ptr<Extractor> extractor;
  if (flags.claims.empty()) {
    ASSIGN_OR_RETURN(extractor, Extractor::Create(flags.lexicon));
  }
  const bool deferred_before = store->links_deferred();
  std::function<void(uint64_t)> waiting;
  if (flags.progress) {
    waiting = [](uint64_t pending_bytes) {
      std::fprintf(stderr,
                   "\r  compacting what the bulk load wrote: about %.0f MB "
                   "to rewrite   ",
                   pending_bytes / 1e6);
      std::fflush(stderr);
    };
  }
  BulkEnd end;
  Status run = IngestAndLink(
      flags, store.get(),
      [&] {
        Status s = ingester.Finish(
            extractor ? IngestDocuments(flags, *extractor, &ingester, &tally)
                      : IngestClaims(flags, &ingester, &tally));
        if (flags.progress) Progress(&tally, true);
        return s;
      },
      waiting, &end);
  if (flags.progress && end.compact_seconds > 0) std::fputc('\n', stderr);
  // What the links wrote is compacted before a bulk load returns, unless
  // --compact compacts everything anyway.
  if (run.ok() && flags.compact) {
    run = store->db()->Compact();
  } else if (run.ok() && options.bulk_load) {
    run = SettleTimed(store->db(), waiting, &end.settle_seconds);
    if (flags.progress) std::fputc('\n', stderr);
  } else if (run.ok()) {
    run = store->db()->FlushAtEnd();
  }
  const double seconds =
      std::chrono::duration<double>(Clock::now() - tally.start).count();
  std::printf(
      "ingest: %llu documents read: %llu added, %llu replaced, %llu "
      "unchanged, %llu duplicates; %llu skipped; %llu claims and %llu new "
      "entities stored; %.1f s "
      "(%.1f MB/s) into %s (folder now %.1f MB%s)\n",
      static_cast<unsigned long long>(tally.read),
      static_cast<unsigned long long>(tally.outcomes[0]),
      static_cast<unsigned long long>(tally.outcomes[1]),
      static_cast<unsigned long long>(tally.outcomes[2]),
      static_cast<unsigned long long>(tally.outcomes[3]),
      static_cast<unsigned long long>(tally.skipped),
      static_cast<unsigned long long>(tally.claims),
      static_cast<unsigned long long>(tally.entities), seconds,
      seconds > 0 ? tally.bytes / 1e6 / seconds : 0.0, flags.db.c_str(),
      store->db()->SizeOnDisk() / 1e6,
      flags.compact ? ", compacted" : "; --compact shrinks it");
  if (flags.compact) {
    std::string sizes;
    for (size_t i = 0; i < store::kCfCount; ++i) {
      const auto cf = static_cast<store::Cf>(i);
      sizes += std::string(i ? ", " : "") + store::CfName(cf) + " " +
               std::to_string(store->db()->FamilySize(cf) / 1000) + " kB";
    }
    std::printf("ingest: tables by family: %s\n", sizes.c_str());
  }
  if (run.ok() && options.bulk_load) {
    std::printf(
        "ingest: waited %.1f s for the compaction of the %llu level-0 "
        "files the bulk load wrote; links made in one pass at the end "
        "(--link %s): %llu EARLIER and %llu REPEATS in %.1f s",
        end.compact_seconds, static_cast<unsigned long long>(end.level0_files),
        deferred_before ? "end, left pending by an earlier run"
                        : flags.link.c_str(),
        static_cast<unsigned long long>(end.links.earlier),
        static_cast<unsigned long long>(end.links.repeats), end.link_seconds);
    if (!flags.compact) {
      std::printf(", then %.1f s for their compaction", end.settle_seconds);
    }
    std::printf("\n");
  }
  if (run.ok() && spdlog::should_log(spdlog::level::debug)) {
    // Where RocksDB's background CPU went, for runs large enough to ask.
    const auto work = WorkByFamily(store->db());
    spdlog::debug(
        "ingest: by family, CPU-s and bytes written into level 0 "
        "(flushes): {}",
        FamilyWorkText(work, false));
    spdlog::debug("ingest: and below it (compactions): {}",
                  FamilyWorkText(work, true));
  }
  std::fflush(stdout);
  RETURN_IF_ERROR(run);
  if (tally.skipped > 0) {
    return Status::Partial(std::to_string(tally.skipped) +
                           " documents or inputs skipped");
  }
  return Status::Ok();
}

}  // namespace claimtrack::cli

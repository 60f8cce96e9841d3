// claimtrack bench extract: extraction throughput and memory over a corpus.
//
// Documents are streamed: each is read, extracted and dropped before the
// next, so peak RSS reflects the extractor, not the corpus. Reading,
// extraction and a reference word count (a `wc -w`-like loop over the same
// text) are timed separately and summed over documents.
#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "claimtrack/extractor.h"
#include "claimtrack/reader.h"
#include "commands.h"
#include "flags.h"

namespace claimtrack::cli {

namespace {

namespace po = boost::program_options;
using Clock = std::chrono::steady_clock;

constexpr char kDefaultCorpus[] = "../shared/corpus/bbc_news/bbc_news.jsonl";
// `claimtrack bench` with no benchmark named: every corpus with text.
const char* const kAllCorpora[] = {
    "../shared/corpus/bbc_news/bbc_news.jsonl",
    "../shared/corpus/reuters21578/reuters21578.jsonl",
};

struct Figures {
  uint64_t documents = 0;
  uint64_t skipped = 0;
  uint64_t bytes = 0;
  uint64_t claims = 0;
  uint64_t words = 0;
  double setup_seconds = 0;  // Extractor::Create
  double read_seconds = 0;
  double extract_seconds = 0;
  double word_count_seconds = 0;
  double peak_rss_mb = 0;
};

double Seconds(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// The reference loop: words are maximal runs of non-space bytes.
uint64_t CountWords(std::string_view text) {
  uint64_t words = 0;
  bool in_word = false;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' ||
                       c == '\f' || c == '\v';
    words += !space && !in_word;
    in_word = !space;
  }
  return words;
}

double PeakRssMb() {
  struct rusage usage;
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // KiB on Linux
}

Status BenchInput(const std::string& path, const Extractor& extractor,
                  Figures* figures) {
  auto start = Clock::now();
  ASSIGN_OR_RETURN(std::unique_ptr<DocumentReader> reader,
                   DocumentReader::Open(path));
  Document doc;
  while (true) {
    Result<bool> next = reader->Next(&doc);
    const auto read = Clock::now();
    figures->read_seconds += Seconds(start, read);
    if (!next.ok()) {
      if (next.status().IsIOError()) return next.status();
      spdlog::debug("skipped: {}", next.status().message());
      ++figures->skipped;
      start = Clock::now();
      continue;
    }
    if (!*next) break;
    ++figures->documents;
    figures->bytes += doc.text.size();
    figures->claims += extractor.Extract(doc).size();
    const auto extracted = Clock::now();
    figures->words += CountWords(doc.text);
    start = Clock::now();
    figures->extract_seconds += Seconds(read, extracted);
    figures->word_count_seconds += Seconds(extracted, start);
  }
  return Status::Ok();
}

double PerSecond(double amount, double seconds) {
  return seconds > 0 ? amount / seconds : 0;
}

void PrintText(const Figures& f) {
  const double mb = f.bytes / 1e6;
  std::string out;
  out += fmt::format("documents   {} ({} skipped)\n", f.documents, f.skipped);
  out += fmt::format("text        {:.2f} MB (10^6 bytes), {} words\n", mb,
                     f.words);
  out += fmt::format("claims      {}\n", f.claims);
  out +=
      fmt::format("setup       {:.3f} s (loading lexicons)\n", f.setup_seconds);
  out += fmt::format("reading     {:.3f} s  {:.1f} MB/s\n", f.read_seconds,
                     PerSecond(mb, f.read_seconds));
  out += fmt::format(
      "extraction  {:.3f} s  {:.2f} MB/s  {:.0f} documents/s  {:.0f} "
      "claims/s\n",
      f.extract_seconds, PerSecond(mb, f.extract_seconds),
      PerSecond(f.documents, f.extract_seconds),
      PerSecond(f.claims, f.extract_seconds));
  out += fmt::format(
      "word count  {:.4f} s  {:.0f} MB/s; extraction takes {:.0f}x as long\n",
      f.word_count_seconds, PerSecond(mb, f.word_count_seconds),
      PerSecond(f.extract_seconds, f.word_count_seconds));
  out += fmt::format("peak RSS    {:.1f} MB\n", f.peak_rss_mb);
  std::cout << out;
}

void PrintJson(const Figures& f) {
  const double mb = f.bytes / 1e6;
  nlohmann::json j = {
      {"documents", f.documents},
      {"skipped", f.skipped},
      {"bytes", f.bytes},
      {"mb", mb},
      {"words", f.words},
      {"claims", f.claims},
      {"setup_seconds", f.setup_seconds},
      {"read_seconds", f.read_seconds},
      {"extract_seconds", f.extract_seconds},
      {"mb_per_second", PerSecond(mb, f.extract_seconds)},
      {"documents_per_second", PerSecond(f.documents, f.extract_seconds)},
      {"claims_per_second", PerSecond(f.claims, f.extract_seconds)},
      {"word_count_seconds", f.word_count_seconds},
      {"extract_to_word_count_ratio",
       PerSecond(f.extract_seconds, f.word_count_seconds)},
      {"peak_rss_mb", f.peak_rss_mb},
  };
  std::cout << j.dump() << "\n";
}

std::string LatencyLine(const char* what, const std::vector<double>& ms) {
  return fmt::format(
      "{:<10}  p50 {:.2f} ms  p99 {:.2f} ms  max {:.2f} ms ({} runs)\n", what,
      Percentile(ms, 0.5), Percentile(ms, 0.99), Percentile(ms, 1.0),
      ms.size());
}

std::string QueryText(const QueryFigures& q) {
  std::string text =
      LatencyLine("timeline", q.timeline_ms) + LatencyLine("said", q.said_ms) +
      LatencyLine("audit", q.audit_ms) +
      fmt::format(
          "            ({} busiest holders x 8 subjects, over all time; {} "
          "timeline rows; {} anonymous claims audited)\n",
          q.holders, q.timeline_rows, q.audit_rows);
  if (q.year_from.empty()) return text;
  return text + LatencyLine("timeline", q.timeline_year_ms) +
         LatencyLine("said", q.said_year_ms) +
         LatencyLine("audit", q.audit_month_ms) +
         fmt::format(
             "            (the same, timeline and said {} to {}: {} and {} "
             "rows; audit {} to {}: {} anonymous claims)\n",
             q.year_from, q.year_to, q.timeline_year_rows, q.said_year_rows,
             q.month_from, q.month_to, q.audit_month_rows);
}

void AddQueryJson(const QueryFigures& q, nlohmann::json* j) {
  (*j)["timeline_ms_p50"] = Percentile(q.timeline_ms, 0.5);
  (*j)["timeline_ms_p99"] = Percentile(q.timeline_ms, 0.99);
  (*j)["said_ms_p50"] = Percentile(q.said_ms, 0.5);
  (*j)["said_ms_p99"] = Percentile(q.said_ms, 0.99);
  (*j)["audit_ms_p50"] = Percentile(q.audit_ms, 0.5);
  (*j)["audit_ms_p99"] = Percentile(q.audit_ms, 0.99);
  (*j)["timeline_queries"] = q.timeline_ms.size();
  (*j)["timeline_rows"] = q.timeline_rows;
  (*j)["audit_rows"] = q.audit_rows;
  if (q.year_from.empty()) return;
  (*j)["year"] = q.year_from + ".." + q.year_to;
  (*j)["month"] = q.month_from + ".." + q.month_to;
  (*j)["timeline_year_ms_p50"] = Percentile(q.timeline_year_ms, 0.5);
  (*j)["timeline_year_ms_p99"] = Percentile(q.timeline_year_ms, 0.99);
  (*j)["timeline_year_rows"] = q.timeline_year_rows;
  (*j)["said_year_ms_p50"] = Percentile(q.said_year_ms, 0.5);
  (*j)["said_year_ms_p99"] = Percentile(q.said_year_ms, 0.99);
  (*j)["said_year_rows"] = q.said_year_rows;
  (*j)["audit_month_ms_p50"] = Percentile(q.audit_month_ms, 0.5);
  (*j)["audit_month_ms_p99"] = Percentile(q.audit_month_ms, 0.99);
  (*j)["audit_month_rows"] = q.audit_month_rows;
}

// `bench query --db DB`: query latency over an existing database.
Status BenchExistingDb(const std::string& db, int repeat, bool json) {
  QueryFigures q;
  RETURN_IF_ERROR(BenchQueries(db, repeat, &q));
  if (json) {
    nlohmann::json j = {{"benchmark", "query"}, {"db", db}};
    AddQueryJson(q, &j);
    std::cout << j.dump() << '\n';
  } else {
    std::cout << QueryText(q);
  }
  return Status::Ok();
}

// `bench ingest`: the extraction figures of this run, then an ingest of
// the same inputs into a fresh database, then query latency over it.
Status BenchStore(const std::vector<std::string>& inputs,
                  const Figures& extraction, bool json) {
  char tmpl[] = "/tmp/claimtrack-bench-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    return Status::IOError("cannot create a temporary folder for the database");
  }
  const std::string folder = tmpl;
  IngestFigures f;
  // The extraction pass has counted the skipped documents already.
  const spdlog::level::level_enum level = spdlog::get_level();
  if (level > spdlog::level::debug) spdlog::set_level(spdlog::level::err);
  Status s = BenchIngest(inputs, folder + "/db", 2, &f);
  spdlog::set_level(level);
  QueryFigures q;
  if (s.ok()) s = BenchQueries(folder + "/db", 3, &q);
  std::error_code ec;
  std::filesystem::remove_all(folder, ec);
  RETURN_IF_ERROR(s);
  const double mb = f.text_bytes / 1e6;
  const double extract_mbs =
      PerSecond(extraction.bytes / 1e6, extraction.extract_seconds);
  const double ingest_mbs = PerSecond(mb, f.seconds);
  const double peak = PeakRssMb();
  const IngestCpu& cpu = f.cpu;
  const double cpu_other = cpu.total - cpu.extraction - cpu.reading -
                           cpu.writer - cpu.commits - cpu.linking -
                           cpu.background;
  // What two cores could ingest at this run's CPU cost per MB.
  const double cpu_per_mb = cpu.total / std::max(mb, 1e-9);
  std::string families;  // "docs 6781, claims 2943, ..." in kB
  nlohmann::json family_json = nlohmann::json::object();
  for (const auto& [name, bytes] : f.family_bytes) {
    families += fmt::format("{}{} {}", families.empty() ? "" : ", ", name,
                            bytes / 1000);
    family_json[name] = bytes;
  }
  nlohmann::json work_json = nlohmann::json::object();
  for (const auto& [name, w] : f.family_work) {
    work_json[name] = {{"level0_cpu_seconds", w.level0_cpu_seconds},
                       {"level0_bytes", w.level0_bytes},
                       {"compaction_cpu_seconds", w.compaction_cpu_seconds},
                       {"compaction_bytes", w.compaction_bytes},
                       {"compactions", w.compactions}};
  }
  if (json) {
    nlohmann::json j = {
        {"benchmark", "ingest"},
        {"documents", f.documents},
        {"claims", f.claims},
        {"text_mb", mb},
        {"extract_mb_per_second_one_core", extract_mbs},
        {"ingest_seconds", f.seconds},
        {"ingest_mb_per_second", ingest_mbs},
        {"ingest_documents_per_second", PerSecond(f.documents, f.seconds)},
        {"ingest_claims_per_second", PerSecond(f.claims, f.seconds)},
        {"ingest_to_extract_ratio", ingest_mbs / extract_mbs},
        {"link_seconds", f.link_seconds},
        {"settle_seconds", f.settle_seconds},
        {"compact_seconds", f.compact_seconds},
        {"compact_cpu_seconds", f.compact_cpu_seconds},
        {"ingest_cpu_seconds", cpu.total},
        {"ingest_cpu",
         {{"extraction", cpu.extraction},
          {"reading", cpu.reading},
          {"writer", cpu.writer},
          {"commits", cpu.commits},
          {"linking", cpu.linking},
          {"background", cpu.background},
          {"other", cpu_other}}},
        {"ingest_cpu_seconds_per_mb", cpu_per_mb},
        {"ingest_background_by_family", work_json},
        {"db_bytes", f.db_bytes},
        {"db_bytes_per_text_byte", f.db_bytes / std::max(1.0, mb * 1e6)},
        {"db_family_bytes", family_json},
        {"peak_rss_mb", peak},
        {"word_count_mb_per_second",
         PerSecond(extraction.bytes / 1e6, extraction.word_count_seconds)},
        {"extract_to_word_count_ratio",
         PerSecond(extraction.extract_seconds, extraction.word_count_seconds)},
    };
    AddQueryJson(q, &j);
    std::cout << j.dump() << '\n';
    return Status::Ok();
  }
  std::cout << fmt::format(
      "corpus      {} documents, {:.1f} MB of text\n"
      "extraction  {:.2f} MB/s on one core (this run)\n"
      "ingest      {:.2f} s  {:.2f} MB/s  {:.0f} documents/s  {:.0f} claims/s "
      "(2 threads) = {:.2f}x single-core extraction\n"
      "            (of which {:.2f} s linking, in one pass at the end, and "
      "{:.2f} s\n"
      "            waiting for the compaction of what the bulk load left)\n"
      "database    {:.1f} MB on disk after compaction ({:.2f} s) = {:.2f} "
      "bytes "
      "per byte of text\n"
      "            tables by family, kB: {}\n"
      "cpu         {:.2f} s in the ingest's {:.2f} s ({:.1f} cores busy): "
      "extraction {:.2f},\n"
      "            the ingesting thread {:.2f}, RocksDB's log and memtables "
      "{:.2f}, its\n"
      "            flushes and compactions {:.2f}, reading {:.2f}, the second "
      "linking thread\n"
      "            {:.2f}, the rest {:.2f}; {:.2f} s per MB of text, so two "
      "cores could\n"
      "            ingest at most {:.1f} MB/s; the compaction after it {:.2f} "
      "CPU-s\n"
      "            by family, CPU-s and bytes written into level 0 (flushes): "
      "{}\n"
      "            and below it (compactions): {}\n"
      "word count  {:.0f} MB/s; extraction takes {:.0f}x as long\n"
      "peak RSS    {:.1f} MB (the whole run)\n",
      f.documents, mb, extract_mbs, f.seconds, ingest_mbs,
      PerSecond(f.documents, f.seconds), PerSecond(f.claims, f.seconds),
      ingest_mbs / extract_mbs, f.link_seconds, f.settle_seconds,
      f.db_bytes / 1e6, f.compact_seconds, f.db_bytes / std::max(1.0, mb * 1e6),
      families, cpu.total, f.seconds, PerSecond(cpu.total, f.seconds),
      cpu.extraction, cpu.writer, cpu.commits, cpu.background, cpu.reading,
      cpu.linking, cpu_other, cpu_per_mb, PerSecond(2, cpu_per_mb),
      f.compact_cpu_seconds, FamilyWorkText(f.family_work, false),
      FamilyWorkText(f.family_work, true),
      PerSecond(extraction.bytes / 1e6, extraction.word_count_seconds),
      PerSecond(extraction.extract_seconds, extraction.word_count_seconds),
      peak);
  std::cout << "queries (over the new database, 3 rounds):\n" << QueryText(q);
  return Status::Ok();
}

}  // namespace

Status RunBench(const std::vector<std::string>& args) {
  std::string what;
  std::string lexicon_dir;
  std::string db;
  int repeat = 3;
  std::vector<std::string> inputs;
  po::options_description options("options");
  options.add_options()("help,h", "print this help")(
      "json", "print the figures as one JSON line")(
      "db", po::value(&db)->value_name("DIR"),
      "'query': the database to query")(
      "repeat", po::value(&repeat)->value_name("N"),
      "'query': rounds of queries (default 3)")(
      "lexicon,l", po::value(&lexicon_dir),
      "load lexicons from DIR instead of the built-in ones");
  po::options_description all;
  all.add(options).add_options()("what", po::value(&what))(
      "input", po::value(&inputs)->composing());
  po::positional_options_description positional;
  positional.add("what", 1).add("input", -1);
  po::variables_map vm;
  RETURN_IF_ERROR(ParseFlags(args, all, positional, "bench", &vm));
  if (vm.count("help")) {
    std::cout
        << "usage: claimtrack bench [extract|ingest|all] [OPTIONS] [FILE...]\n"
           "       claimtrack bench query --db DIR [--repeat N]\n\n"
           "Reads the documents of FILEs (default: "
        << kDefaultCorpus
        << ")\nand times reading, extraction and a reference word "
           "count separately.\n'ingest' then also ingests them into a "
           "new database in a temporary folder\n(both cores), compacts "
           "it, and reports ingest speed against single-core\n"
           "extraction in the same run, the database's size, and query\n"
           "latency over it (timelines of the 10 busiest holders on 8 "
           "subjects, 'said'\nfor the 10 busiest speakers, the anonymous-"
           "source audit; p50, p99, max),\nover all time and again over a "
           "year (the audit: a month) around the busiest\nholder's median "
           "statement date.\n'all' (the default) is 'ingest' "
           "over every corpus under ../shared/corpus that\nhas text (BBC "
           "News, Reuters-21578). 'query' times the queries alone over an\n"
           "existing database.\n\n"
        << options;
    return Status::Ok();
  }
  if (what.empty()) what = "all";
  if (what != "extract" && what != "ingest" && what != "all" &&
      what != "query") {
    return Status::InvalidArgument(
        "the benchmarks are 'extract', 'ingest', 'all' and 'query' "
        "(claimtrack bench extract FILE...)");
  }
  if (what == "query") {
    if (db.empty())
      return Status::InvalidArgument("bench query needs --db DIR");
    if (repeat < 1 || repeat > 1000) {
      return Status::InvalidArgument("--repeat must be between 1 and 1000");
    }
    return BenchExistingDb(db, repeat, vm.count("json"));
  }
  if (what == "all" && inputs.empty()) {
    for (const char* corpus : kAllCorpora) {
      if (std::filesystem::exists(corpus)) inputs.push_back(corpus);
    }
    what = "ingest";
  }
  if (inputs.empty()) {
    if (!std::filesystem::exists(kDefaultCorpus)) {
      return Status::InvalidArgument(std::string("no input files, and no ") +
                                     kDefaultCorpus + " here");
    }
    inputs.push_back(kDefaultCorpus);
  }

  Figures figures;
  const auto start = Clock::now();
  ASSIGN_OR_RETURN(std::unique_ptr<Extractor> extractor,
                   Extractor::Create(lexicon_dir));
  figures.setup_seconds = Seconds(start, Clock::now());
  for (const std::string& input : inputs) {
    RETURN_IF_ERROR(BenchInput(input, *extractor, &figures));
  }
  figures.peak_rss_mb = PeakRssMb();
  if (figures.skipped > 0) {
    spdlog::warn("{} documents skipped (--verbose lists them)",
                 figures.skipped);
  }
  if (what == "ingest") return BenchStore(inputs, figures, vm.count("json"));
  if (vm.count("json")) {
    PrintJson(figures);
  } else {
    PrintText(figures);
  }
  return Status::Ok();
}

}  // namespace claimtrack::cli

// claimtrack synth: synthetic scale data. Repeats real documents (Reuters-
// 21578, BBC News from ../shared/corpus/) as many times as it takes to
// reach a size, each copy with a new id and its dates shifted, so that a
// multi-gigabyte archive can be ingested and queried. The article text is
// the real text, unchanged but for one closing line naming the copy: the
// store keeps one document per distinct text (a repeated text is a
// duplicate), so without it every copy after the first would be skipped.
//
// The output is the JSON Lines that `extract` and `ingest` read:
//   {"id": "synth-000003-reuters-635", "date": "1990-03-01T13:37:46",
//    "title": ..., "outlet": "synthetic copy of reuters21578.jsonl",
//    "dateline": the original's, when it has one,
//    "text": ...}
// It is synthetic: never present it as news, never commit it.
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "claimtrack/reader.h"
#include "commands.h"
#include "flags.h"
#include "text/claim_json.h"

namespace claimtrack::cli {

namespace {

namespace po = boost::program_options;
using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

// Every copy is this many days later than the one before.
constexpr int kShiftDays = 365;
// Undated sources (the BBC's) get a date from this one on, a day per
// document, so that claims spread over time as in a real archive.
constexpr year_month_day kUndatedStart{
    std::chrono::year(2005), std::chrono::January, std::chrono::day(1)};

struct Source {
  std::string name;  // file name, for the outlet field
  std::vector<Document> docs;
};

Result<Source> ReadSource(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<DocumentReader> reader,
                   DocumentReader::Open(path));
  Source source;
  source.name = path.substr(path.find_last_of('/') + 1);
  Document doc;
  while (true) {
    Result<bool> next = reader->Next(&doc);
    if (!next.ok()) {
      // A corpus line the readers refuse (Reuters has stories without a
      // body) is not needed for scale data.
      if (next.status().IsIOError()) return next.status();
      continue;
    }
    if (!*next) break;
    source.docs.push_back(std::move(doc));
  }
  if (source.docs.empty()) {
    return Status::InvalidArgument(path + ": no documents");
  }
  return source;
}

// "YYYY-MM-DD" -> day; false when not such a date.
bool ParseDay(const std::string& date, sys_days* day) {
  int y, m, d;
  if (date.size() != 10 ||
      std::sscanf(date.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) {
    return false;
  }
  const year_month_day ymd{std::chrono::year(y),
                           std::chrono::month(static_cast<unsigned>(m)),
                           std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return false;
  *day = sys_days(ymd);
  return true;
}

std::string FormatDate(sys_days day, int32_t time_of_day) {
  const year_month_day ymd(day);
  char buf[32];
  int n = std::snprintf(
      buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  if (time_of_day >= 0) {
    std::snprintf(buf + n, sizeof buf - n, "T%02d:%02d:%02d",
                  time_of_day / 3600, time_of_day / 60 % 60, time_of_day % 60);
  }
  return buf;
}

// One synthetic line: document `index` of `source`, copy `copy`.
void AppendCopy(const Source& source, size_t index, uint64_t copy,
                std::string* out) {
  const Document& doc = source.docs[index];
  sys_days day;
  if (!ParseDay(doc.date, &day)) {
    day = sys_days(kUndatedStart) + days(static_cast<int>(index % 365));
  }
  day += days(kShiftDays * static_cast<int64_t>(copy));
  char copy_id[32];
  std::snprintf(copy_id, sizeof copy_id, "synth-%06llu-",
                static_cast<unsigned long long>(copy));
  std::string stem = source.name.substr(0, source.name.find_first_of("._"));
  *out += "{\"id\": ";
  text::AppendJsonString(copy_id + stem + "-" + doc.id, out);
  *out += ", \"date\": ";
  text::AppendJsonString(FormatDate(day, doc.time_of_day), out);
  *out += ", \"title\": ";
  text::AppendJsonString(doc.title, out);
  *out += ", \"outlet\": ";
  text::AppendJsonString("synthetic copy of " + source.name, out);
  if (!doc.dateline.empty()) {
    *out += ", \"dateline\": ";
    text::AppendJsonString(doc.dateline, out);
  }
  *out += ", \"text\": ";
  text::AppendJsonString(
      doc.text + "\n\n(synthetic copy " + std::to_string(copy) + ")\n", out);
  *out += "}\n";
}

// "5G", "200M", "64K", "1000": bytes.
Result<uint64_t> ParseSize(const std::string& s) {
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  const std::string unit = s.substr(used);
  double scale = 1;
  if (unit == "K" || unit == "k")
    scale = 1e3;
  else if (unit == "M")
    scale = 1e6;
  else if (unit == "G")
    scale = 1e9;
  else if (!unit.empty())
    used = 0;
  if (used == 0 || value <= 0) {
    return Status::InvalidArgument(
        "--bytes must be a size such as 500M or "
        "5G, not \"" +
        s + "\"");
  }
  return static_cast<uint64_t>(value * scale);
}

}  // namespace

Status RunSynth(const std::vector<std::string>& args) {
  std::string out_path, size;
  std::vector<std::string> inputs;
  bool help = false;
  po::options_description options("options");
  options.add_options()("help,h", po::bool_switch(&help), "print this help")(
      "out,o", po::value(&out_path)->value_name("FILE"),
      "the JSON Lines file to write (- for stdout)")(
      "bytes", po::value(&size)->value_name("SIZE"),
      "stop once the output is this large: 500M, 5G");
  po::options_description all;
  all.add(options).add_options()("input", po::value(&inputs));
  po::positional_options_description positional;
  positional.add("input", -1);
  po::variables_map vm;
  RETURN_IF_ERROR(ParseFlags(args, all, positional, "synth", &vm));
  if (help) {
    std::cout
        << "usage: claimtrack synth --out FILE --bytes SIZE CORPUS.jsonl...\n\n"
           "Writes SYNTHETIC scale data: the documents of the corpus files "
           "repeated until the\noutput has SIZE bytes, copy N with the id "
           "\"synth-N-FILE-ID\", every date moved\nN years later (undated "
           "documents get dates from 2005-01-01 on), the outlet\n\"synthetic "
           "copy of FILE\", and the real text unchanged but for a last line\n"
           "\"(synthetic copy N)\" that keeps copies from being duplicates. "
           "For benchmarks\nonly; never commit its output. For example:\n"
           "  claimtrack synth --out /tmp/synth.jsonl --bytes 1G \\\n"
           "    ../shared/corpus/reuters21578/reuters21578.jsonl \\\n"
           "    ../shared/corpus/bbc_news/bbc_news.jsonl\n\n"
        << options;
    return Status::Ok();
  }
  if (out_path.empty() || size.empty() || inputs.empty()) {
    return Status::InvalidArgument(
        "synth needs --out FILE, --bytes SIZE and corpus files");
  }
  ASSIGN_OR_RETURN(const uint64_t limit, ParseSize(size));
  std::vector<Source> sources;
  for (const std::string& path : inputs) {
    ASSIGN_OR_RETURN(Source s, ReadSource(path));
    sources.push_back(std::move(s));
  }
  std::ofstream file;
  std::ostream* out = &std::cout;
  if (out_path != "-") {
    file.open(out_path, std::ios::binary | std::ios::trunc);
    if (!file) return Status::IOError("cannot write " + out_path);
    out = &file;
  }
  uint64_t written = 0, documents = 0, copy = 0;
  std::string buffer;
  for (; written < limit; ++copy) {
    for (const Source& source : sources) {
      for (size_t i = 0; i < source.docs.size() && written < limit; ++i) {
        const size_t before = buffer.size();
        AppendCopy(source, i, copy, &buffer);
        written += buffer.size() - before;
        ++documents;
        if (buffer.size() >= (size_t{1} << 20)) {
          out->write(buffer.data(),
                     static_cast<std::streamsize>(buffer.size()));
          buffer.clear();
        }
      }
    }
  }
  out->write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  out->flush();
  if (!*out) return Status::IOError("writing " + out_path + " failed");
  std::fprintf(stderr, "synth: %llu documents (%llu copies), %.1f MB\n",
               static_cast<unsigned long long>(documents),
               static_cast<unsigned long long>(copy), written / 1e6);
  return Status::Ok();
}

}  // namespace claimtrack::cli

// The subcommands of the claimtrack tool: one file each, one table in main.cc.
// A handler parses its own flags (Boost.Program_options), writes its results
// to stdout and returns a Status; only main() prints errors and picks the
// exit code.
#ifndef CLAIMTRACK_TOOLS_COMMANDS_H_
#define CLAIMTRACK_TOOLS_COMMANDS_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "claimtrack/status.h"
#include "store/db.h"

namespace claimtrack::cli {

// `args` are the words after the subcommand's name.
using Handler = Status (*)(const std::vector<std::string>& args);

struct Command {
  const char* name;
  const char* summary;
  Handler run;
};

Status RunExtract(const std::vector<std::string>& args);
Status RunEval(const std::vector<std::string>& args);
Status RunBench(const std::vector<std::string>& args);
Status RunIngest(const std::vector<std::string>& args);

// For `claimtrack bench ingest`: ingests `inputs` into a new database at
// `db_path` with `threads` extraction threads, then compacts it.
// Where an ingest's CPU seconds went, by thread (ThreadCpuRole).
struct IngestCpu {
  double total = 0;       // every thread of the process
  double extraction = 0;  // the workers: extraction, each claim's terms
  double reading = 0;     // reading and parsing the input
  double writer = 0;      // the ingesting thread: entities, keys, batches
  double commits = 0;     // RocksDB's write-ahead log and memtable inserts
  double linking = 0;     // the second linking thread (the first is writer)
  double background = 0;  // RocksDB's flushes and compactions
};
struct IngestFigures {
  uint64_t documents = 0, claims = 0, text_bytes = 0, skipped = 0;
  IngestCpu cpu;
  double compact_cpu_seconds = 0;  // of the compaction after the ingest
  double seconds = 0, compact_seconds = 0;
  double link_seconds = 0;  // of `seconds`: the links, made at the end
  // Of `seconds`: waiting for the compaction a bulk load left (Db::Settle).
  double settle_seconds = 0;
  uint64_t db_bytes = 0;  // on disk, after compaction
  // The table files of each column family after compaction: (name, bytes).
  std::vector<std::pair<std::string, uint64_t>> family_bytes;
  // What each family's flushes and compactions did during the ingest (up
  // to the end of `seconds`; not the compaction after it).
  std::vector<std::pair<std::string, store::Db::FamilyWork>> family_work;
};
// (family name, Db::WorkOf) for every column family of `db`.
std::vector<std::pair<std::string, store::Db::FamilyWork>> WorkByFamily(
    store::Db* db);
// "docs 0.12 s 3.4 MB, claims ...": the CPU-s and bytes written by family
// into level 0 (flushes) or below it (compactions), largest CPU first,
// families with none left out ("none" when no family has any).
std::string FamilyWorkText(
    const std::vector<std::pair<std::string, store::Db::FamilyWork>>& work,
    bool compactions);
Status BenchIngest(const std::vector<std::string>& inputs,
                   const std::string& db_path, unsigned threads,
                   IngestFigures* figures);
// For `claimtrack bench`: query latencies over an existing database.
struct QueryFigures {
  // Over all time: the answers grow with the archive.
  std::vector<double> timeline_ms, said_ms, audit_ms;
  uint64_t timeline_rows = 0, audit_rows = 0, holders = 0;
  // The same questions bounded by dates: a year around the busiest
  // holder's median statement day (timeline, said) and a month (audit). Their
  // answers do not grow with the archive, nor should their latency.
  std::string year_from, year_to, month_from, month_to;
  std::vector<double> timeline_year_ms, said_year_ms, audit_month_ms;
  uint64_t timeline_year_rows = 0, said_year_rows = 0, audit_month_rows = 0;
};
Status BenchQueries(const std::string& db_path, int repeat,
                    QueryFigures* figures);
// The q-quantile (0..1) of `ms`, nearest rank; 0 when empty.
double Percentile(std::vector<double> ms, double q);
Status RunEntities(const std::vector<std::string>& args);
Status RunGraph(const std::vector<std::string>& args);
Status RunKv(const std::vector<std::string>& args);
Status RunLink(const std::vector<std::string>& args);
Status RunCheck(const std::vector<std::string>& args);
Status RunUpgrade(const std::vector<std::string>& args);
Status RunReport(const std::vector<std::string>& args);
Status RunTimeline(const std::vector<std::string>& args);
Status RunShifts(const std::vector<std::string>& args);
Status RunSaid(const std::vector<std::string>& args);
Status RunTrace(const std::vector<std::string>& args);
Status RunAudit(const std::vector<std::string>& args);
Status RunBuildSst(const std::vector<std::string>& args);
Status RunIngestSst(const std::vector<std::string>& args);
Status RunSynth(const std::vector<std::string>& args);

}  // namespace claimtrack::cli

#endif  // CLAIMTRACK_TOOLS_COMMANDS_H_

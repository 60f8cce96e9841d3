// claimtrack build-sst and ingest-sst: bulk load (store/sst.h). build-sst
// ingests one part's claims JSON into a scratch database in the ordinary
// way and writes its families as a shard folder of SST files; ingest-sst
// loads shard folders into a database with RocksDB's IngestExternalFiles.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "claims_input.h"
#include "commands.h"
#include "flags.h"
#include "store/sst.h"
#include "store_flags.h"

namespace claimtrack::cli {

namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

struct BuildTally {
  uint64_t documents = 0, claims = 0;
  uint64_t outcomes[4] = {0, 0, 0, 0};  // by IngestOutcome
};

// Ingests the claims of `claims_path` into `store`, one document at a time.
Status IngestPart(const std::string& claims_path, store::Store* store,
                  BuildTally* tally, uint64_t* skipped) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (claims_path != "-") {
    file.open(claims_path, std::ios::binary);
    if (!file) return Status::IOError("cannot open " + claims_path);
    in = &file;
  }
  ClaimsInput input(in, claims_path == "-" ? "<stdin>" : claims_path);
  Document doc;
  std::vector<Claim> claims;
  while (true) {
    ASSIGN_OR_RETURN(const bool more, input.Next(&doc, &claims));
    if (!more) break;
    Result<store::IngestResult> r = store->Ingest(doc, claims, true);
    if (!r.ok()) {
      return r.status().WithContext(doc.origin + ": document \"" + doc.id +
                                    "\"");
    }
    ++tally->documents;
    ++tally->outcomes[static_cast<int>(r->outcome)];
    tally->claims += r->claims;
  }
  *skipped = input.skipped();
  return Status::Ok();
}

}  // namespace

Status RunBuildSst(const std::vector<std::string>& args) {
  std::string claims, out;
  bool help = false;
  po::options_description options("options");
  options.add_options()("help,h", po::bool_switch(&help), "print this help")(
      "claims", po::value(&claims)->value_name("FILE"),
      "claims JSON Lines written by 'claimtrack extract' (- for stdin)")(
      "out", po::value(&out)->value_name("DIR"),
      "the shard folder to write (PART.sst by convention)");
  po::variables_map vm;
  RETURN_IF_ERROR(ParseFlags(
      args, options, po::positional_options_description(), "build-sst", &vm));
  if (help) {
    std::cout
        << "usage: claimtrack build-sst --claims PART.jsonl --out PART.sst\n\n"
           "Stores one part's claims as 'ingest --claims' would, in a scratch "
           "database\n(OUT.scratch-PID, removed at the end), and writes its "
           "keys as sorted SST files,\none per column family, into the "
           "folder OUT: default.sst (format version),\ndocs.sst, "
           "claims.sst, entities.sst, aliases.sst, edges.sst, index.sst.\n"
           "Load the folders with 'claimtrack ingest-sst'; see "
           "docs/scale-out.md.\n\n"
        << options;
    return Status::Ok();
  }
  if (claims.empty() || out.empty()) {
    return Status::InvalidArgument(
        "build-sst needs --claims FILE and --out DIR");
  }
  const auto start = std::chrono::steady_clock::now();
  const std::string scratch = out + ".scratch-" + std::to_string(getpid());
  BuildTally tally;
  uint64_t skipped = 0;
  store::SstShardStats stats;
  Status status = [&]() -> Status {
    ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                     OpenForWriting(scratch));
    RETURN_IF_ERROR(IngestPart(claims, store.get(), &tally, &skipped));
    return store::WriteSstShard(store->db(), out, &stats);
  }();
  std::error_code ignored;
  fs::remove_all(scratch, ignored);
  RETURN_IF_ERROR(status);
  std::printf(
      "build-sst: %llu documents (%llu added, %llu replaced, %llu unchanged, "
      "%llu duplicates), %llu claims; %llu keys in %zu files, %.1f MB, in %s "
      "(%.1f s)\n",
      static_cast<unsigned long long>(tally.documents),
      static_cast<unsigned long long>(tally.outcomes[0]),
      static_cast<unsigned long long>(tally.outcomes[1]),
      static_cast<unsigned long long>(tally.outcomes[2]),
      static_cast<unsigned long long>(tally.outcomes[3]),
      static_cast<unsigned long long>(tally.claims),
      static_cast<unsigned long long>(stats.keys), stats.files,
      stats.bytes / 1e6, out.c_str(), SecondsSince(start));
  if (skipped > 0) {
    return Status::Partial(std::to_string(skipped) +
                           " lines or documents skipped");
  }
  return Status::Ok();
}

Status RunIngestSst(const std::vector<std::string>& args) {
  std::string db;
  std::vector<std::string> shards;
  store::SstLoadOptions load;
  bool help = false;
  po::options_description options("options");
  options.add_options()("help,h", po::bool_switch(&help), "print this help");
  AddDbFlag(&options, &db);
  options.add_options()(
      "move", po::bool_switch(&load.move_files),
      "move (hard-link) the SST files into the database instead of copying "
      "them; the shard folders are not reusable afterwards");
  po::options_description all;
  all.add(options).add_options()("shard", po::value(&shards));
  po::positional_options_description positional;
  positional.add("shard", -1);
  po::variables_map vm;
  RETURN_IF_ERROR(ParseFlags(args, all, positional, "ingest-sst", &vm));
  if (help) {
    std::cout
        << "usage: claimtrack ingest-sst [--db DIR] [--move] PART.sst...\n\n"
           "Loads shard folders written by 'claimtrack build-sst' into the "
           "database (created\nwhen missing), in the order given, as if their "
           "documents had been ingested in\nthat order: a document the "
           "database already holds (same id or same text) is\nunchanged, a "
           "duplicate or a replacement as in 'ingest'; an entity keeps its\n"
           "fullest name. Then rebuilds the EARLIER and REPEATS links, as "
           "'link' does.\nIf it stops early, run it again with the same "
           "shards.\n\n"
        << options;
    return Status::Ok();
  }
  if (shards.empty()) {
    return Status::InvalidArgument("no shard folders given");
  }
  const auto start = std::chrono::steady_clock::now();
  store::SstLoadStats stats;
  RETURN_IF_ERROR(store::LoadSstShards(db, shards, load, &stats));
  std::printf(
      "ingest-sst: %llu shards, %llu files, %llu keys; %llu documents, of "
      "which the database held %llu (%llu replaced, %llu unchanged, %llu "
      "duplicates); %llu fuller entity names kept; %llu EARLIER and %llu "
      "REPEATS links; %.1f s into %s\n",
      static_cast<unsigned long long>(stats.shards),
      static_cast<unsigned long long>(stats.files),
      static_cast<unsigned long long>(stats.keys),
      static_cast<unsigned long long>(stats.documents),
      static_cast<unsigned long long>(
          stats.overlapping[0] + stats.overlapping[1] + stats.overlapping[2] +
          stats.overlapping[3]),
      static_cast<unsigned long long>(stats.overlapping[1]),
      static_cast<unsigned long long>(stats.overlapping[2]),
      static_cast<unsigned long long>(stats.overlapping[3]),
      static_cast<unsigned long long>(stats.names_kept),
      static_cast<unsigned long long>(stats.links.earlier),
      static_cast<unsigned long long>(stats.links.repeats), SecondsSince(start),
      db.c_str());
  return Status::Ok();
}

}  // namespace claimtrack::cli

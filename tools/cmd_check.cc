// claimtrack check: verifies the database: every document complete (all
// its claims' keys present), every index entry, alias and edge pointing at
// a stored record. Exits 0 when clean, with Corruption otherwise.
//
// claimtrack upgrade: opens the database for writing, which brings a
// database of an older, upgradable format version up to date in place.
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "flags.h"
#include "store_flags.h"

namespace claimtrack::cli {

Status RunCheck(const std::vector<std::string>& args) {
  namespace po = boost::program_options;
  std::string db;
  bool help = false;
  size_t max_messages = 20;
  po::options_description options("options");
  options.add_options()("help,h", po::bool_switch(&help), "print this help");
  AddDbFlag(&options, &db);
  options.add_options()("max-messages",
                        po::value(&max_messages)->default_value(20),
                        "describe at most this many problems");
  po::variables_map vm;
  RETURN_IF_ERROR(ParseFlags(
      args, options, po::positional_options_description(), "check", &vm));
  if (help) {
    std::cout << "usage: claimtrack check [--db DIR] [--max-messages N]\n\n"
                 "Verifies that every document's claims have all their keys, "
                 "and that every\nindex entry, alias and edge points at a "
                 "stored record. Exit status 1 when\nproblems are found.\n\n"
              << options;
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenForReading(db));
  ASSIGN_OR_RETURN(store::CheckReport report, store->Check(max_messages));
  for (const std::string& m : report.messages)
    std::printf("problem: %s\n", m.c_str());
  std::printf("check: %llu documents, %llu claims, %llu keys: %llu problems\n",
              static_cast<unsigned long long>(report.documents),
              static_cast<unsigned long long>(report.claims),
              static_cast<unsigned long long>(report.keys),
              static_cast<unsigned long long>(report.problems));
  if (report.problems > 0) {
    return Status::Corruption(db + ": " + std::to_string(report.problems) +
                              " problems found");
  }
  return Status::Ok();
}

Status RunUpgrade(const std::vector<std::string>& args) {
  std::string db;
  bool help = false;
  RETURN_IF_ERROR(ParseDbOnlyFlags(
      args, "upgrade",
      "usage: claimtrack upgrade [--db DIR]\n\n"
      "Brings a database of an older format version (3 and later) up to "
      "this\nclaimtrack's version in place, keeping everything stored. "
      "Writers (ingest,\nlink) do the same when they open it; readers ask "
      "for this first. This command\nalso compacts the database after an "
      "upgrade.\n\n",
      &db, &help));
  if (help) return Status::Ok();
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                   OpenForWriting(db, /*create_if_missing=*/false));
  if (store->opened_version() == store::kFormatVersion) {
    std::printf("upgrade: %s is at format version %u already\n", db.c_str(),
                store::kFormatVersion);
  } else {
    std::printf(
        "upgrade: %s: format version %u to %u (%llu documents, %llu claims, "
        "%llu holder entries rewritten; %llu term entries folded into lists; "
        "%llu claims filed under half their id; %llu alias entries keyed by "
        "first claim; %llu entity values written without their key name); "
        "compacting\n",
        db.c_str(), store->opened_version(), store::kFormatVersion,
        static_cast<unsigned long long>(store->upgraded_documents()),
        static_cast<unsigned long long>(store->upgraded_claims()),
        static_cast<unsigned long long>(store->upgraded_holders()),
        static_cast<unsigned long long>(store->upgraded_terms()),
        static_cast<unsigned long long>(store->upgraded_ids()),
        static_cast<unsigned long long>(store->upgraded_aliases()),
        static_cast<unsigned long long>(store->upgraded_entities()));
    // Before the compaction, which takes minutes on a large database.
    std::fflush(stdout);
    // The rewritten keys and values: compacted, the old ones take no room.
    RETURN_IF_ERROR(store->db()->Compact());
  }
  if (!store->upgrade_link_error().ok()) {
    std::fprintf(stderr,
                 "upgrade: the EARLIER and REPEATS links were not rebuilt "
                 "(%s); 'claimtrack check --db %s' finds what is wrong, "
                 "'claimtrack link --db %s' rebuilds them\n",
                 store->upgrade_link_error().ToString().c_str(), db.c_str(),
                 db.c_str());
  }
  return Status::Ok();
}

}  // namespace claimtrack::cli

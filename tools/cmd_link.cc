// claimtrack link: rebuilds every EARLIER and REPEATS link from scratch.
// Ingest keeps them up to date; this is for after changing the rules or
// merging databases built apart.
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "flags.h"
#include "store_flags.h"

namespace claimtrack::cli {

Status RunLink(const std::vector<std::string>& args) {
  std::string db;
  bool help = false;
  RETURN_IF_ERROR(ParseDbOnlyFlags(
      args, "link",
      "usage: claimtrack link [--db DIR]\n\n"
      "Deletes and rebuilds the EARLIER links (a holder's previous claim on "
      "the same\nsubject) and REPEATS links (a quotation's first "
      "appearance).\n\n",
      &db, &help));
  if (help) return Status::Ok();
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                   OpenForWriting(db, /*create_if_missing=*/false));
  const auto start = std::chrono::steady_clock::now();
  store::LinkStats stats;
  // Nothing else runs: the flushes and compactions of what the rebuild
  // writes may take both cores.
  RETURN_IF_ERROR(store->db()->UseBothCores());
  RETURN_IF_ERROR(store->Relink(&stats));
  RETURN_IF_ERROR(store->db()->Flush());
  const double s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::printf("link: %llu EARLIER and %llu REPEATS links in %.1f s\n",
              static_cast<unsigned long long>(stats.earlier),
              static_cast<unsigned long long>(stats.repeats), s);
  return Status::Ok();
}

}  // namespace claimtrack::cli

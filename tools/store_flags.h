// The --db flag shared by the commands that use the database, and opening
// it: for writing (ingest, link) or as a reader beside a running writer.
#ifndef CLAIMTRACK_TOOLS_STORE_FLAGS_H_
#define CLAIMTRACK_TOOLS_STORE_FLAGS_H_

#include <spdlog/spdlog.h>

#include <boost/program_options.hpp>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "claimtrack/status.h"
#include "flags.h"
#include "store/store.h"

namespace claimtrack::cli {

inline constexpr char kDefaultDbPath[] = "claimtrack.db";

inline void AddDbFlag(boost::program_options::options_description* desc,
                      std::string* path) {
  desc->add_options()("db",
                      boost::program_options::value(path)
                          ->default_value(kDefaultDbPath)
                          ->value_name("DIR"),
                      "the database folder");
}

// Parses the flags of a command that takes only --db (and --help): on
// --help prints `usage` and the flags, and sets *help.
inline Status ParseDbOnlyFlags(const std::vector<std::string>& args,
                               const char* command, const char* usage,
                               std::string* db, bool* help) {
  namespace po = boost::program_options;
  po::options_description options("options");
  options.add_options()("help,h", po::bool_switch(help), "print this help");
  AddDbFlag(&options, db);
  po::variables_map vm;
  RETURN_IF_ERROR(ParseFlags(
      args, options, po::positional_options_description(), command, &vm));
  if (*help) std::cout << usage << options;
  return Status::Ok();
}

// Opens for reading: a secondary instance that sees everything committed
// so far, even while an ingest is running.
inline Result<std::unique_ptr<store::Store>> OpenForReading(
    const std::string& path) {
  store::DbOptions options;
  options.mode = store::DbOptions::Mode::kSecondary;
  options.create_if_missing = false;
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                   store::Store::Open(path, options));
  ASSIGN_OR_RETURN(const bool pending, store->LinksPending());
  if (pending) {
    spdlog::warn(
        "{}: the EARLIER and REPEATS links are incomplete: an ingest that "
        "makes them at its end is running, or was interrupted (then "
        "'claimtrack link --db {}' makes them)",
        path, path);
  }
  return store;
}

inline Result<std::unique_ptr<store::Store>> OpenForWriting(
    const std::string& path, bool create_if_missing = true) {
  store::DbOptions options;
  options.create_if_missing = create_if_missing;
  // An upgrade on open can take many minutes: say how far it is (not
  // with --quiet).
  options.upgrade_progress = [](const std::string& line) {
    spdlog::info("{}", line);
  };
  return store::Store::Open(path, options);
}

}  // namespace claimtrack::cli

#endif  // CLAIMTRACK_TOOLS_STORE_FLAGS_H_

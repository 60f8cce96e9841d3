// The --db flag shared by the commands that use the database, and opening
// it: for writing (ingest, link) or as a reader beside a running writer.
#ifndef CLAIMTRACK_TOOLS_STORE_FLAGS_H_
#define CLAIMTRACK_TOOLS_STORE_FLAGS_H_

#include <boost/program_options.hpp>
#include <memory>
#include <string>

#include "claimtrack/status.h"
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

// Opens for reading: a secondary instance that sees everything committed
// so far, even while an ingest is running.
inline Result<std::unique_ptr<store::Store>> OpenForReading(
    const std::string& path) {
  store::DbOptions options;
  options.mode = store::DbOptions::Mode::kSecondary;
  options.create_if_missing = false;
  return store::Store::Open(path, options);
}

inline Result<std::unique_ptr<store::Store>> OpenForWriting(
    const std::string& path, bool create_if_missing = true) {
  store::DbOptions options;
  options.create_if_missing = create_if_missing;
  return store::Store::Open(path, options);
}

}  // namespace claimtrack::cli

#endif  // CLAIMTRACK_TOOLS_STORE_FLAGS_H_

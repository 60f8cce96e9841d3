// The subcommands of the claimtrack tool: one file each, one table in main.cc.
// A handler parses its own flags (Boost.Program_options), writes its results
// to stdout and returns a Status; only main() prints errors and picks the
// exit code.
#ifndef CLAIMTRACK_TOOLS_COMMANDS_H_
#define CLAIMTRACK_TOOLS_COMMANDS_H_

#include <string>
#include <vector>

#include "claimtrack/status.h"

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

}  // namespace claimtrack::cli

#endif  // CLAIMTRACK_TOOLS_COMMANDS_H_

// Flag parsing shared by the subcommands: Boost.Program_options errors
// become an InvalidArgument Status that points at the command's --help.
#ifndef CLAIMTRACK_TOOLS_FLAGS_H_
#define CLAIMTRACK_TOOLS_FLAGS_H_

#include <boost/program_options.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "claimtrack/status.h"

namespace claimtrack::cli {

// Parses `args` (the words after the subcommand) into `vm` and runs the
// options' notifiers. `command` names the subcommand in messages.
inline Status ParseFlags(
    const std::vector<std::string>& args,
    const boost::program_options::options_description& options,
    const boost::program_options::positional_options_description& positional,
    std::string_view command, boost::program_options::variables_map* vm) {
  namespace po = boost::program_options;
  try {
    po::store(po::command_line_parser(args)
                  .options(options)
                  .positional(positional)
                  .run(),
              *vm);
    po::notify(*vm);
  } catch (const po::error& e) {
    return Status::InvalidArgument(std::string(e.what()) +
                                   " (see 'claimtrack " + std::string(command) +
                                   " --help')");
  }
  return Status::Ok();
}

}  // namespace claimtrack::cli

#endif  // CLAIMTRACK_TOOLS_FLAGS_H_

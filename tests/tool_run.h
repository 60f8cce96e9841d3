// Runs the built claimtrack tool (CLAIMTRACK_TOOL_PATH) for CLI tests and
// collects its exit status, standard output and standard error.
#ifndef CLAIMTRACK_TESTS_TOOL_RUN_H_
#define CLAIMTRACK_TESTS_TOOL_RUN_H_

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "temp_dir.h"

namespace claimtrack::testing {

struct Run {
  int exit_code = -1;
  std::string out, err;
};

// Runs `claimtrack ARGS` through the shell; `args` is pasted as is, so
// fixture paths must not need quoting (temp paths here do not). Output goes
// through files in `dir`.
inline Run RunTool(const TempDir& dir, const std::string& args) {
  const std::string out = dir.File("stdout"), err = dir.File("stderr");
  const std::string command =
      std::string(CLAIMTRACK_TOOL_PATH) + " " + args + " >" + out + " 2>" + err;
  const int status = std::system(command.c_str());
  REQUIRE(WIFEXITED(status));
  return Run{WEXITSTATUS(status), ReadFile(out), ReadFile(err)};
}

}  // namespace claimtrack::testing

#endif  // CLAIMTRACK_TESTS_TOOL_RUN_H_

// Starting the built tool as a child process without a shell, for the tests
// that kill it, run two at once, or let it wait: posix_spawn with standard
// output and error sent to files (or /dev/null).
#ifndef CLAIMTRACK_TESTS_CHILD_PROCESS_H_
#define CLAIMTRACK_TESTS_CHILD_PROCESS_H_

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

extern char** environ;

namespace claimtrack::testing {

// Starts `args` (args[0] is the program's path). Output goes to `out` and
// `err` (truncated first), or is discarded when they are empty.
inline pid_t Spawn(const std::vector<std::string>& args,
                   const std::string& out = "", const std::string& err = "") {
  std::vector<char*> argv;
  for (const std::string& a : args) {
    argv.push_back(const_cast<char*>(a.c_str()));
  }
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const int flags = O_WRONLY | O_CREAT | O_TRUNC;
  posix_spawn_file_actions_addopen(
      &actions, 1, out.empty() ? "/dev/null" : out.c_str(), flags, 0644);
  posix_spawn_file_actions_addopen(
      &actions, 2, err.empty() ? "/dev/null" : err.c_str(), flags, 0644);
  pid_t pid = -1;
  const int rc =
      posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(rc == 0);
  return pid;
}

// Waits for `pid` to end; returns its wait status.
inline int Wait(pid_t pid) {
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return status;
}

// The wait status if `pid` has ended, nullopt while it runs.
inline std::optional<int> Poll(pid_t pid) {
  int status = 0;
  const pid_t r = waitpid(pid, &status, WNOHANG);
  REQUIRE(r >= 0);
  if (r == 0) return std::nullopt;
  return status;
}

// Waits for `pid` to end; returns its wait status and sets *peak_rss_kb to
// its peak resident set size.
inline int WaitWithPeakRss(pid_t pid, long* peak_rss_kb) {
  int status = 0;
  struct rusage usage {};
  REQUIRE(wait4(pid, &status, 0, &usage) == pid);
  *peak_rss_kb = usage.ru_maxrss;
  return status;
}

// The exit code of a process that exited, -1 if a signal ended it.
inline int ExitCode(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace claimtrack::testing

#endif  // CLAIMTRACK_TESTS_CHILD_PROCESS_H_

// CPU time by thread role, for `claimtrack bench`: where an ingest's CPU
// seconds go (extraction, the writer, RocksDB's memtable inserts, its
// flushes and compactions), so that a speed target can be checked against
// what the two cores have to give.
//
// A thread that does one kind of work names itself with a ThreadCpuRole
// for its life: the name shows in `top -H` and `perf report -s comm`, and
// the thread's CPU seconds are added to its role's ledger when it ends.
// RoleCpuSeconds reads the running ones too. Threads started by libraries
// (RocksDB's background pool) are read from /proc.
#ifndef CLAIMTRACK_COMMON_CPU_TIME_H_
#define CLAIMTRACK_COMMON_CPU_TIME_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace claimtrack {

// Names the calling thread `role` (at most 15 bytes: the kernel's limit;
// longer names are cut) and, when destroyed on that thread, adds the
// thread's CPU seconds to the ledger under `role`. Construct it first
// thing in the thread's function.
class ThreadCpuRole {
 public:
  explicit ThreadCpuRole(std::string role);
  ~ThreadCpuRole();
  ThreadCpuRole(const ThreadCpuRole&) = delete;
  ThreadCpuRole& operator=(const ThreadCpuRole&) = delete;

 private:
  std::string role_;
  uint64_t live_id_ = 0;  // its entry among the running threads
};

// The CPU seconds of the threads with the ThreadCpuRole `role` since the
// process started: those that ended, and those running (read from their
// CPU clocks, to the nanosecond).
double RoleCpuSeconds(std::string_view role);

// User and system CPU seconds of the calling thread so far.
double ThisThreadCpuSeconds();

// User and system CPU seconds of the whole process so far: every thread,
// running or ended.
double ProcessCpuSeconds();

// The user and system CPU seconds of the live threads of this process
// whose name starts with `prefix` (RocksDB's are "rocksdb:low" and
// "rocksdb:high"), summed; 0 where /proc cannot be read.
double LiveThreadsCpuSeconds(std::string_view prefix);

// Parses one /proc/PID/task/TID/stat line: the thread's name (between the
// first "(" and the last ")") and its utime + stime (fields 14 and 15,
// in clock ticks) in seconds. nullopt when the line does not parse.
struct TaskStat {
  std::string name;
  double cpu_seconds = 0;
};
std::optional<TaskStat> ParseTaskStat(std::string_view line,
                                      long ticks_per_second);

}  // namespace claimtrack

#endif  // CLAIMTRACK_COMMON_CPU_TIME_H_

#include "common/cpu_time.h"

#include <pthread.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <utility>

namespace claimtrack {

namespace {

struct Ledger {
  std::mutex mu;
  std::map<std::string, double, std::less<>> ended;  // by role
  struct Live {
    std::string role;
    clockid_t clock;
  };
  std::map<uint64_t, Live> live;  // by ThreadCpuRole::live_id_
  uint64_t next_id = 1;
};

Ledger& TheLedger() {
  static Ledger* ledger = new Ledger();  // never destroyed: threads may end
                                         // after static destruction began
  return *ledger;
}

double TimevalSeconds(const timeval& t) {
  return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6;
}

double ClockSeconds(clockid_t clock) {
  timespec t{};
  if (clock_gettime(clock, &t) != 0) return 0;
  return static_cast<double>(t.tv_sec) + t.tv_nsec / 1e9;
}

}  // namespace

ThreadCpuRole::ThreadCpuRole(std::string role) : role_(std::move(role)) {
  // The kernel takes at most 15 bytes and refuses longer names.
  pthread_setname_np(pthread_self(), role_.substr(0, 15).c_str());
  clockid_t clock;
  if (pthread_getcpuclockid(pthread_self(), &clock) != 0) return;
  Ledger& ledger = TheLedger();
  std::lock_guard lock(ledger.mu);
  live_id_ = ledger.next_id++;
  ledger.live.emplace(live_id_, Ledger::Live{role_, clock});
}

ThreadCpuRole::~ThreadCpuRole() {
  const double seconds = ThisThreadCpuSeconds();
  Ledger& ledger = TheLedger();
  std::lock_guard lock(ledger.mu);
  ledger.live.erase(live_id_);
  ledger.ended[role_] += seconds;
}

double RoleCpuSeconds(std::string_view role) {
  Ledger& ledger = TheLedger();
  std::lock_guard lock(ledger.mu);
  double seconds = 0;
  if (auto it = ledger.ended.find(role); it != ledger.ended.end()) {
    seconds += it->second;
  }
  // A thread's clock can be read while it runs: it leaves `live` (under
  // the lock) before it ends.
  for (const auto& [id, live] : ledger.live) {
    if (live.role == role) seconds += ClockSeconds(live.clock);
  }
  return seconds;
}

double ThisThreadCpuSeconds() { return ClockSeconds(CLOCK_THREAD_CPUTIME_ID); }

double ProcessCpuSeconds() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return TimevalSeconds(usage.ru_utime) + TimevalSeconds(usage.ru_stime);
}

std::optional<TaskStat> ParseTaskStat(std::string_view line,
                                      long ticks_per_second) {
  // "TID (NAME) STATE PPID ...": the name may hold spaces and parentheses,
  // so it ends at the last ')'.
  const size_t open = line.find('(');
  const size_t close = line.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos ||
      close < open || ticks_per_second <= 0) {
    return std::nullopt;
  }
  TaskStat stat;
  stat.name = std::string(line.substr(open + 1, close - open - 1));
  // After the name: field 3 (state) onwards; utime and stime are fields 14
  // and 15, the 12th and 13th after it.
  std::string_view rest = line.substr(close + 1);
  uint64_t ticks = 0;
  for (int field = 3; field <= 15; ++field) {
    const size_t begin = rest.find_first_not_of(' ');
    if (begin == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(begin);
    const size_t end = std::min(rest.find(' '), rest.size());
    if (field >= 14) {
      uint64_t value = 0;
      const auto [ptr, ec] =
          std::from_chars(rest.data(), rest.data() + end, value);
      if (ec != std::errc() || ptr != rest.data() + end) return std::nullopt;
      ticks += value;
    }
    rest.remove_prefix(end);
  }
  stat.cpu_seconds = static_cast<double>(ticks) / ticks_per_second;
  return stat;
}

double LiveThreadsCpuSeconds(std::string_view prefix) {
  const long ticks = sysconf(_SC_CLK_TCK);
  double seconds = 0;
  std::error_code ec;
  for (std::filesystem::directory_iterator it("/proc/self/task", ec), end;
       !ec && it != end; it.increment(ec)) {
    std::ifstream in(it->path() / "stat");
    std::string line;
    if (!std::getline(in, line)) continue;  // the thread has just ended
    const std::optional<TaskStat> stat = ParseTaskStat(line, ticks);
    if (stat && std::string_view(stat->name).starts_with(prefix)) {
      seconds += stat->cpu_seconds;
    }
  }
  return seconds;
}

}  // namespace claimtrack

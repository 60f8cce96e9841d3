// Query latency for `claimtrack bench`: timelines of the database's busiest
// holders on a fixed list of subjects, `said` for its busiest speakers, and
// the anonymous-source audit, each run several times; p50, p99 and the
// slowest, in milliseconds. The database is opened as a reader, as the
// query commands open it.
#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "commands.h"
#include "query/audit.h"
#include "query/timeline.h"
#include "store_flags.h"

namespace claimtrack::cli {

namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// Subjects common in news archives; a holder that never speaks of one
// answers with an empty timeline, which is measured too.
const char* const kSubjects[] = {
    "trade",
    "sanctions Japan semiconductors",
    "oil prices",
    "interest rates",
    "weapons Ukraine",
    "talks",
    "tax",
    "election",
};

}  // namespace

double Percentile(std::vector<double> ms, double q) {
  if (ms.empty()) return 0;
  std::sort(ms.begin(), ms.end());
  size_t i = static_cast<size_t>(q * static_cast<double>(ms.size() - 1) + 0.5);
  return ms[std::min(i, ms.size() - 1)];
}

Status BenchQueries(const std::string& db_path, int repeat, QueryFigures* out) {
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                   OpenForReading(db_path));
  // The busiest global holders and speakers (setup, not timed).
  ASSIGN_OR_RETURN(std::vector<store::EntitySummary> entities,
                   store->Entities(""));
  std::vector<std::string> holders, speakers;
  for (const store::EntitySummary& e : entities) {
    if (e.record.scope_doc != 0) continue;
    if (holders.size() < 10 && e.claims + e.affiliated_claims > 0) {
      holders.push_back(store::HexId(e.id));
    }
    if (speakers.size() < 10 && e.claims > 0 &&
        e.record.kind == SpeakerKind::kPerson) {
      speakers.push_back(store::HexId(e.id));
    }
  }
  for (int r = 0; r < repeat; ++r) {
    for (const std::string& holder : holders) {
      for (const char* subject : kSubjects) {
        query::TimelineRequest request;
        request.holder = holder;
        request.about = subject;
        const auto start = Clock::now();
        ASSIGN_OR_RETURN(query::Timeline t,
                         query::BuildTimeline(store.get(), request));
        out->timeline_ms.push_back(Ms(start, Clock::now()));
        out->timeline_rows += t.rows.size();
      }
    }
    for (const std::string& speaker : speakers) {
      const auto start = Clock::now();
      ASSIGN_OR_RETURN(query::Timeline t,
                       query::SaidBy(store.get(), speaker, "", ""));
      out->said_ms.push_back(Ms(start, Clock::now()));
    }
    const auto start = Clock::now();
    ASSIGN_OR_RETURN(query::AuditReport audit,
                     query::AuditAnonymous(store.get(), query::AuditRequest{}));
    out->audit_ms.push_back(Ms(start, Clock::now()));
    out->audit_rows = audit.rows.size();
  }
  out->holders = holders.size();
  return Status::Ok();
}

}  // namespace claimtrack::cli

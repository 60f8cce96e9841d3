// Query latency for `claimtrack bench`: timelines of the database's busiest
// holders on a fixed list of subjects, `said` for its busiest speakers, and
// the anonymous-source audit, each run several times over all time and
// again bounded by dates (a year, a month, around the busiest holder's
// median statement day); p50, p99 and the slowest, in milliseconds. The
// database is opened as a reader, as the query commands open it.
#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "commands.h"
#include "query/audit.h"
#include "query/timeline.h"
#include "store/keys.h"
#include "store/records.h"
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

// The median statement day of an entity's claims (the holder index, 61),
// undated ones aside; false when none is dated. The busiest holder's
// median is where an archive's news is: the span of all dates is not (a
// few claims about 1929 would put the middle of Reuters-21578 in 1958).
Result<bool> MedianDay(store::Db* db, uint64_t entity, int32_t* day) {
  std::vector<int32_t> days;
  Status decode;
  RETURN_IF_ERROR(db->Scan(
      store::Cf::kIndex,
      store::EntityTimeKey::ScanPrefix(store::Prefix::kClaimsByHolder, entity),
      [&](std::string_view key, std::string_view) {
        Result<store::EntityTimeKey> k = store::EntityTimeKey::Decode(key);
        if (!k.ok()) {
          decode = k.status();
          return false;
        }
        if (!k->when.undated()) days.push_back(k->when.day);
        return true;
      }));
  RETURN_IF_ERROR(decode);
  if (days.empty()) return false;
  *day = days[days.size() / 2];  // the index is in time order
  return true;
}

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
  ASSIGN_OR_RETURN(const store::BusiestEntities busiest, store->Busiest(10));
  std::vector<std::string> holders, speakers;
  for (const store::EntityCount& e : busiest.holders) {
    holders.push_back(store::HexId(e.id));
  }
  for (const store::EntityCount& e : busiest.speakers) {
    speakers.push_back(store::HexId(e.id));
  }
  int32_t mid = 0;
  bool dated = false;
  if (!holders.empty()) {
    uint64_t busiest = 0;
    store::ParseHexId(holders[0], &busiest);
    ASSIGN_OR_RETURN(dated, MedianDay(store->db(), busiest, &mid));
  }
  if (dated) {
    out->year_from = store::IsoDateFromDay(mid - 182);
    out->year_to = store::IsoDateFromDay(mid + 182);
    out->month_from = store::IsoDateFromDay(mid - 15);
    out->month_to = store::IsoDateFromDay(mid + 15);
  }
  for (int r = 0; r < repeat; ++r) {
    for (bool bounded : {false, true}) {
      if (bounded && !dated) break;
      for (const std::string& holder : holders) {
        for (const char* subject : kSubjects) {
          query::TimelineRequest request;
          request.holder = holder;
          request.about = subject;
          if (bounded) {
            request.from = out->year_from;
            request.to = out->year_to;
          }
          const auto start = Clock::now();
          ASSIGN_OR_RETURN(query::Timeline t,
                           query::BuildTimeline(store.get(), request));
          (bounded ? out->timeline_year_ms : out->timeline_ms)
              .push_back(Ms(start, Clock::now()));
          (bounded ? out->timeline_year_rows : out->timeline_rows) +=
              t.rows.size();
        }
      }
      for (const std::string& speaker : speakers) {
        const auto start = Clock::now();
        ASSIGN_OR_RETURN(
            query::Timeline t,
            query::SaidBy(store.get(), speaker, bounded ? out->year_from : "",
                          bounded ? out->year_to : ""));
        (bounded ? out->said_year_ms : out->said_ms)
            .push_back(Ms(start, Clock::now()));
        if (bounded) out->said_year_rows += t.rows.size();
      }
      query::AuditRequest audit_request;
      if (bounded) {
        audit_request.from = out->month_from;
        audit_request.to = out->month_to;
      }
      // The rows are made and dropped, as `audit --format jsonl` writes
      // them: an all-time audit of a large archive would hold them all.
      const auto start = Clock::now();
      uint64_t rows = 0;
      ASSIGN_OR_RETURN(query::AuditReport audit,
                       query::AuditAnonymous(store.get(), audit_request,
                                             [&](query::AuditRow&&) {
                                               ++rows;
                                               return Status::Ok();
                                             }));
      (bounded ? out->audit_month_ms : out->audit_ms)
          .push_back(Ms(start, Clock::now()));
      (bounded ? out->audit_month_rows : out->audit_rows) = rows;
    }
  }
  out->holders = holders.size();
  return Status::Ok();
}

}  // namespace claimtrack::cli

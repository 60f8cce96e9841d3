#include "store/db.h"

#include <rocksdb/cache.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/options.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <sstream>
#include <system_error>
#include <thread>
#include <vector>

#include "store/records.h"
#include "store/term_postings.h"
#include "store/vector_memtable.h"

namespace claimtrack::store {

namespace {

namespace fs = std::filesystem;

// "default" is RocksDB's kDefaultColumnFamilyName.
constexpr const char* kCfNames[kCfCount] = {
    "default", "docs",  "claims", "entities",
    "aliases", "edges", "index",  "terms",
};

// DbOptions::bulk_load: the families whose level-0 files may pile up
// (FamilyOptions), by Cf: documents, claims, edges, index, terms. Entities
// and aliases, read for every claim (aliases by prefix: a seek into each
// level-0 file), stay at RocksDB's defaults; they are small.
constexpr bool kBulkPileUp[kCfCount] = {
    false, true, true, false, false, true, true, true,
};
constexpr int kDocsCompactLevel = 12;
constexpr uint64_t kDictBufferBytes = 16 << 20;
// DbOptions::bulk_load: the families the writer never reads while it
// loads (it flushes before the rare read of a replaced document's claims),
// by Cf: claims, edges, index, terms. They are compacted at the end
// (Db::Settle), or when hundreds of level-0 files have piled up.
constexpr bool kBulkDeferCompaction[kCfCount] = {
    false, false, true, false, false, true, true, true,
};
constexpr int kBulkPileUpFamilies = static_cast<int>(
    std::count(std::begin(kBulkPileUp), std::end(kBulkPileUp), true));

// RocksDB keeps every table file open (max_open_files -1, which a
// secondary instance requires), and a bulk load leaves hundreds of level-0
// files until it settles. The soft limit on open files (often 1,024) is
// raised to the hard one; returns the limit in force.
uint64_t RaiseOpenFileLimit() {
  rlimit r{};
  if (getrlimit(RLIMIT_NOFILE, &r) != 0) return 0;
  if (r.rlim_cur != RLIM_INFINITY && r.rlim_cur < r.rlim_max) {
    rlimit raised = r;
    raised.rlim_cur = r.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) r = raised;
  }
  return r.rlim_cur == RLIM_INFINITY ? UINT64_MAX : r.rlim_cur;
}

// Values are compressed: not at all in level 0 (flushed memtables), LZ4
// in the levels rewritten often, zstd at the bottom level where most of it
// ends up. Keys of a block share prefixes
// (RocksDB's delta encoding), which suits the long common prefixes of the
// index families.
rocksdb::ColumnFamilyOptions FamilyOptions(
    Cf cf, const DbOptions& options, uint64_t open_files,
    std::shared_ptr<rocksdb::Cache> cache) {
  rocksdb::ColumnFamilyOptions o;
  o.write_buffer_size = options.write_buffer_bytes;
  if (cf == Cf::kIndex || cf == Cf::kEdges) o.write_buffer_size *= 2;
  const bool writer = options.mode == DbOptions::Mode::kWrite;
  const bool vector_memtable =
      writer && (cf == Cf::kTerms ||
                 (options.bulk_load &&
                  (cf == Cf::kIndex || cf == Cf::kEdges || cf == Cf::kClaims)));
  if (vector_memtable) {
    // The writer only adds and deletes term entries, never reads them
    // while ingesting (nor, in a bulk load, index, edge and claim entries:
    // DbOptions::bulk_load): an unsorted vector takes each insert for a
    // fraction of a skip list's cost, and is sorted once, by the flush
    // thread. (A read of an unflushed vector sorts a copy: Store::Check
    // flushes first; readers, secondary instances, keep the skip list.)
    // On Reuters-21578 the bulk load's vectors cut ingest CPU by 15-20%;
    // the claims family's, whose keys are random ids (a cache miss per
    // level of a skip list), a further 5%. The vector is sorted on a key
    // prefix first (vector_memtable.h), which made that sort, half of the
    // flush thread's work, several times cheaper.
    o.memtable_factory = std::make_shared<PrefixSortedVectorFactory>();
  }
  o.max_write_buffer_number = 2;
  // Every mode of opening needs the operator, readers included.
  if (FamilyMerges(cf)) o.merge_operator = NewTermPostingsMerge();
  if (writer && options.bulk_load && kBulkPileUp[static_cast<size_t>(cf)]) {
    // A bulk load lets level-0 files (flushed memtables) pile up in the
    // families it writes most (BulkLevel0Limits), rather than stall the
    // writer whenever the one compaction thread falls behind, and compacts
    // them later. Their keys are random ids (or terms): every level-0 file
    // spans the whole key range, so that each compaction into the bottom
    // level rewrites all of it. What the writer does not read is compacted
    // at the end (Db::Settle) with both cores, or once 512 files have piled
    // up; documents, read by key (a bloom probe per file), at 16 files. On
    // 1 GB of synthetic text, against compacting at 4 files, the
    // compaction CPU fell from 206-207 to 113-123 s (documents 57 to 38,
    // terms 49 to 13, claims 33 to 16, index 24 to 9 s) and the ingest's
    // CPU from 408-431 to 314-370 s. Bounded all the same: each level-0
    // file costs a look-up in it and its index in memory, and stays open.
    const Level0Limits limits = BulkLevel0Limits(cf, open_files);
    o.level0_file_num_compaction_trigger = limits.compaction_trigger;
    o.level0_slowdown_writes_trigger = limits.slowdown;
    o.level0_stop_writes_trigger = limits.stop;
    // RocksDB also compacts level 0 once its bytes pass the next level's
    // base size (256 MB): not before the files count does.
    o.max_bytes_for_level_base = std::max<uint64_t>(
        o.max_bytes_for_level_base,
        static_cast<uint64_t>(limits.compaction_trigger) * o.write_buffer_size);
  }
  // Most data lives in the last level (dynamic level sizes), so that the
  // zstd of the bottom level sets the size on disk while the levels above,
  // rewritten by every compaction, take LZ4: a fraction of zstd's CPU, which
  // competes with extraction for the two cores.
  o.level_compaction_dynamic_level_bytes = true;
  o.compression = rocksdb::kLZ4Compression;
  // Level 0 (a flushed memtable) uncompressed: the next compaction rewrites
  // it soon, and reads it without decompressing. On 5,000 Reuters-21578
  // documents the flush thread's instructions fell by a fifth (LZ4 was
  // 18% of them); the folder before compaction grew from 9.8 to 13 MB.
  o.compression_per_level.assign(7, rocksdb::kLZ4Compression);
  o.compression_per_level[0] = rocksdb::kNoCompression;
  if (cf == Cf::kIndex && !vector_memtable) {
    // Index keys arrive in runs under one prefix (a holder's, a term's
    // claims, mostly in time order): an insert hint per 9-byte prefix
    // (prefix byte and 8 bytes of id or term) saves most of the skip
    // list's search. Needs allow_concurrent_memtable_write off.
    o.memtable_insert_with_hint_prefix_extractor.reset(
        rocksdb::NewFixedPrefixTransform(9));
  }
  o.bottommost_compression = rocksdb::kZSTD;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = std::move(cache);
  // Block sizes, before compression. A point read decompresses its whole
  // block, and this RocksDB build (Debian's) loads the zstd dictionary
  // afresh for every block it decompresses (no digested dictionaries), so
  // a block per claim read is what a query over a large archive pays: on
  // 1 GB of text a one-year timeline went from 1.09 to 0.59 s and a month's
  // audit from 1.33 to 0.56 s when claims went from 64 KB blocks to 8 KB
  // (32 KB dictionary) and documents to 16 KB (64 KB dictionary), for 4.6%
  // more bytes (1,174 to 1,228 MB compacted). The term index is read by scans
  // only, each from one seek: 64 KB blocks and a restart point every 128 keys
  // (instead of 32) make it 4% smaller (Reuters-21578) for a fraction of a
  // millisecond per query (256 KB blocks: 3% more, timeline p50 +50%). With
  // the lists of format version 9, 2.5% smaller than with restarts every
  // 32 keys and 16 KB blocks; 128 KB blocks, 0.7% smaller than 64 KB.
  table.block_size = cf == Cf::kTerms    ? 64 * 1024
                     : cf == Cf::kClaims ? 8 * 1024
                                         : 16 * 1024;
  // Keys share long prefixes.
  table.block_restart_interval = cf == Cf::kTerms ? 128 : 32;
  if (cf == Cf::kDocs || cf == Cf::kClaims || cf == Cf::kEntities) {
    // Families read by whole key: ingest asks for every document and
    // entity, mostly new ones, and a bloom filter answers "absent" for a
    // table file without reading (and decompressing) one of its blocks.
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    // And for the memtables: most of ingest's look-ups there are for
    // absent keys too.
    o.memtable_whole_key_filtering = true;
    o.memtable_prefix_bloom_size_ratio = 0.02;
    // Claims are read by number or id once an index or edge has named
    // them: found, nearly always. A filter on the last level, where most
    // of them are, answers nothing then (the levels above keep theirs,
    // which a read passes on its way down): on Reuters-21578 it was 161
    // kB, 0.8% of the database.
    o.optimize_filters_for_hits = cf == Cf::kClaims;
  }
  // This RocksDB build has no hardware CRC32C; XXH3 checks blocks at a
  // fraction of the software CRC's cost.
  table.checksum = rocksdb::kXXH3;
  o.compression_opts.level = 6;
  // Documents, most of the bytes, take zstd 12 when compacted on purpose
  // (Db::Compact, `ingest --compact`) and 6 in the background: at level 12
  // the document compactions took 133 of the 207 s of compaction CPU of a
  // 1 GB ingest, and compaction set the pace there. (The zstd tool on 100
  // MB of synthetic JSON Lines: -12 five times as slow as -6, 9% smaller;
  // that 1 GB database settled at level 6 is 2.6% larger than compacted.)
  o.bottommost_compression_opts.level = 6;
  o.bottommost_compression_opts.enabled = true;
  // A zstd dictionary trained per table file: blocks of short records
  // (documents, claims, keys) share most of their vocabulary. The edge
  // family, read by scans, takes 256 KB (on Reuters-21578 3.5% smaller
  // than with 64 KB), and so do documents: 3.6% smaller than with 64 KB
  // (7,036 to 6,780 kB), and 128 KB saves only 199 kB. A larger dictionary
  // costs a point read nothing: this build decompresses each block with
  // ZSTD_decompress_usingDict, which parses the dictionary's entropy tables
  // (the same size for any dictionary) and refers to its content without
  // copying it (a 16 KB document block took 17.1 us with the 64 KB
  // dictionary, 16.5 with the 256 KB one). The other families are
  // smaller, and the dictionary is stored once per table file: on
  // Reuters-21578, one file each, 256 KB would make claims, the index and
  // entities larger; claims take 32 KB, the index and entities 64 KB.
  // The term lists (format version 9) are mostly varint gaps: on
  // Reuters-21578 the family is 1,461 kB with 32 KB, 1,464 kB with none,
  // 1,518 kB with 256 KB (the dictionary is stored in every file). Larger
  // document blocks (256 KB, 1 MB) would save more but slow every document
  // read (timeline p99 x1.6, x7). zstd level 19 for documents costs 40%
  // more ingest time for 8% of them; at `ingest --compact` on
  // Reuters-21578 with the 256 KB dictionary, 5.5% of them for an ingest
  // twice as long.
  o.bottommost_compression_opts.max_dict_bytes =
      (cf == Cf::kEdges || cf == Cf::kDocs)     ? 256 * 1024
      : (cf == Cf::kClaims || cf == Cf::kTerms) ? 32 * 1024
                                                : 64 * 1024;
  o.bottommost_compression_opts.zstd_max_train_bytes = 4 * 1024 * 1024;
  // The dictionary is trained on samples of a table file's first blocks,
  // which the compaction holds uncompressed until then: by default the
  // whole file (64 MB), per compaction running.
  o.bottommost_compression_opts.max_dict_buffer_bytes = kDictBufferBytes;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return o;
}

}  // namespace

Level0Limits BulkLevel0Limits(Cf cf, uint64_t open_files) {
  const rocksdb::ColumnFamilyOptions stock;
  const size_t i = static_cast<size_t>(cf);
  if (!kBulkPileUp[i]) {
    return {stock.level0_file_num_compaction_trigger,
            stock.level0_slowdown_writes_trigger,
            stock.level0_stop_writes_trigger};
  }
  Level0Limits l = kBulkDeferCompaction[i] ? Level0Limits{512, 768, 1024}
                                           : Level0Limits{16, 160, 240};
  // Half the open files for these families' level-0 files: RocksDB keeps
  // each open, and a compaction opens all it merges at once.
  const uint64_t share = open_files / 2 / kBulkPileUpFamilies;
  if (share < static_cast<uint64_t>(l.stop)) {
    l.stop = static_cast<int>(std::max<uint64_t>(share, 12));
    l.slowdown = l.stop * 2 / 3;
    l.compaction_trigger =
        std::min(l.compaction_trigger, std::max(4, l.stop / 3));
  }
  return l;
}

namespace {

// RocksDB's info log (the LOG file of the database folder), written with
// stdio. RocksDB 7.8's own logger asserts when it is written again after a
// failed write: on a full disk, the error recovery's next message aborted
// the process instead of letting the ingest report the error
// (tests/cli/reliability_cli_test.cc, "a disk that fills up"). This one
// drops what it cannot write. What RocksDB logs while opening is kept in
// memory until the database is open (Attach), so a writer that finds the
// LOCK taken, an `ingest --wait` retrying every 200 ms, writes nothing into
// the running writer's log; once open, a log past kRotateBytes becomes
// LOG.old (replacing the one before) and the rest is appended.
class InfoLog : public rocksdb::Logger {
 public:
  explicit InfoLog(std::string folder)
      : rocksdb::Logger(rocksdb::InfoLogLevel::INFO_LEVEL),
        folder_(std::move(folder)) {}
  ~InfoLog() override {
    if (f_) std::fclose(f_);
  }

  // The database is open: the log goes to its file from now on.
  void Attach() {
    std::lock_guard<std::mutex> lock(mu_);
    if (attached_) return;
    attached_ = true;
    const fs::path log = fs::path(folder_) / "LOG";
    std::error_code ec;
    if (fs::file_size(log, ec) > kRotateBytes && !ec) {
      fs::rename(log, fs::path(folder_) / "LOG.old", ec);
    }
    f_ = std::fopen(log.c_str(), "a");
    if (f_) {
      std::fputs(pending_.c_str(), f_);
      std::fflush(f_);
    }
    pending_ = std::string();
  }

  // RocksDB prints its options at every open as header lines: on
  // Reuters-21578 compacted, 213 kB of the LOG's 405 kB, about 1% of the
  // folder (an ingest opens twice). The OPTIONS file beside the LOG holds
  // them all, so they are left out here; the header's other lines (the
  // version, the files found) stay.
  void LogHeader(const char* format, va_list ap) override {
    char start[256];
    va_list copy;
    va_copy(copy, ap);
    std::vsnprintf(start, sizeof start, format, copy);
    va_end(copy);
    if (std::strstr(start, "Options.") != nullptr ||
        std::strstr(start, "table_factory options:") != nullptr) {
      return;
    }
    Logv(format, ap);
  }

  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    const long micros =
        static_cast<long>(std::chrono::duration_cast<std::chrono::microseconds>(
                              now.time_since_epoch())
                              .count() %
                          1000000);
    std::tm tm;
    gmtime_r(&t, &tm);
    char line[1024];
    int n =
        std::snprintf(line, sizeof line, "%04d/%02d/%02d-%02d:%02d:%02d.%06ld ",
                      tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                      tm.tm_min, tm.tm_sec, micros);
    va_list copy;
    va_copy(copy, ap);
    const int body = std::vsnprintf(line + n, sizeof line - n, format, copy);
    va_end(copy);
    std::string text(line, n);
    if (body >= 0 && static_cast<size_t>(body) < sizeof line - n) {
      text.append(line + n, body);
    } else if (body >= 0) {
      std::string big(body + 1, '\0');
      std::vsnprintf(big.data(), big.size(), format, ap);
      text.append(big.data(), body);
    }
    text.push_back('\n');
    std::lock_guard<std::mutex> lock(mu_);
    if (!attached_) {
      if (pending_.size() < kMaxPending) pending_ += text;
      return;
    }
    if (!f_) return;
    std::fputs(text.c_str(), f_);
    std::fflush(f_);
  }

 private:
  static constexpr uintmax_t kRotateBytes = 4 << 20;
  static constexpr size_t kMaxPending = 1 << 20;
  const std::string folder_;
  std::mutex mu_;
  bool attached_ = false;
  std::string pending_;
  FILE* f_ = nullptr;
};

// A reader's RocksDB secondary instance keeps its logs in a temporary
// folder named after the reader's process id; one whose process is gone
// (killed, so it could not remove it) is removed by the next reader.
void RemoveStaleReaderFolders() {
  std::error_code ec;
  const fs::path tmp = fs::temp_directory_path(ec);
  if (ec) return;
  constexpr std::string_view kPrefix = "claimtrack-reader-";
  for (const auto& entry : fs::directory_iterator(tmp, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kPrefix, 0) != 0) continue;
    const std::string rest = name.substr(kPrefix.size());
    const size_t dash = rest.find('-');
    if (dash == 0 || dash == std::string::npos) continue;
    const pid_t pid =
        static_cast<pid_t>(std::atol(rest.substr(0, dash).c_str()));
    if (pid <= 0 || (kill(pid, 0) != 0 && errno == ESRCH)) {
      fs::remove_all(entry.path(), ec);
    }
  }
}

bool IsLockError(const rocksdb::Status& s) {
  const std::string m = s.ToString();
  return s.IsIOError() && m.find("lock") != std::string::npos;
}

// "process 1234 (claimtrack ingest --db x.db a.jsonl)": the process that
// holds the POSIX lock RocksDB takes on `path`/LOCK, found through
// /proc/locks by the file's inode; "" when it cannot be found (no /proc,
// another PID namespace).
std::string LockHolder(const std::string& path) {
  struct stat st;
  if (stat((fs::path(path) / "LOCK").c_str(), &st) != 0) return "";
  const std::string inode = ":" + std::to_string(st.st_ino);
  std::ifstream locks("/proc/locks");
  std::string line;
  while (std::getline(locks, line)) {
    // "1: POSIX  ADVISORY  WRITE 3512 00:2e:1234 0 EOF"; waiters have "->".
    if (line.find("->") != std::string::npos) continue;
    std::istringstream fields(line);
    std::string field, previous;
    while (fields >> field) {
      const size_t at = field.rfind(':');
      if (at != std::string::npos && at > 0 && field.substr(at) == inode &&
          field.find(':') < at) {
        const long pid = std::atol(previous.c_str());
        if (pid <= 0) break;
        if (pid == getpid()) return "this process";
        std::ifstream cmdline("/proc/" + std::to_string(pid) + "/cmdline",
                              std::ios::binary);
        std::string args, arg;
        while (std::getline(cmdline, arg, '\0') && args.size() < 120) {
          args += (args.empty() ? "" : " ") + arg;
        }
        std::string holder = "process " + std::to_string(pid);
        if (!args.empty()) holder += " (" + args + ")";
        return holder;
      }
      previous = field;
    }
  }
  return "";
}

}  // namespace

const char* CfName(Cf cf) { return kCfNames[static_cast<size_t>(cf)]; }

Cf CfOf(Prefix prefix) {
  switch (prefix) {
    case Prefix::kMeta:
      return Cf::kDefault;
    case Prefix::kDocument:
    case Prefix::kTextHash:
      return Cf::kDocs;
    case Prefix::kClaim:
    case Prefix::kClaimNumber:
    case Prefix::kClaimById:
      return Cf::kClaims;
    case Prefix::kEntity:
      return Cf::kEntities;
    case Prefix::kAliasByDoc:
    case Prefix::kAlias:
      return Cf::kAliases;
    case Prefix::kEdgeOut:
    case Prefix::kEdgeIn:
      return Cf::kEdges;
    case Prefix::kClaimsByDoc:
    case Prefix::kClaimsByHolder:
    case Prefix::kClaimsByMention:
    case Prefix::kQuotation:
    case Prefix::kEntityFact:
    case Prefix::kClaimsByDay:
    case Prefix::kMembers:
      return Cf::kIndex;
    case Prefix::kClaimsByTerm:
    case Prefix::kTermPostings:
      return Cf::kTerms;
  }
  return Cf::kDefault;
}

Status FromRocks(const rocksdb::Status& s, std::string_view context) {
  if (s.ok()) return Status::Ok();
  std::string msg = std::string(context) + ": " + s.ToString();
  if (s.IsNotFound()) return Status::NotFound(msg);
  if (s.IsCorruption()) return Status::Corruption(msg);
  if (s.IsInvalidArgument()) return Status::InvalidArgument(msg);
  if (s.IsNotSupported()) return Status::NotSupported(msg);
  return Status::IOError(msg);
}

Result<std::unique_ptr<Db>> Db::Open(const std::string& path,
                                     const DbOptions& options) {
  std::unique_ptr<Db> db(new Db());
  RETURN_IF_ERROR(db->Init(path, options));
  return db;
}

Status Db::Init(const std::string& path, const DbOptions& options) {
  path_ = path;
  mode_ = options.mode;
  bulk_load_ = options.bulk_load && options.mode == DbOptions::Mode::kWrite;
  settle_stall_limit_ = options.settle_stall_limit;
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  if (exists && !fs::is_directory(path, ec)) {
    return Status::InvalidArgument("database " + path +
                                   " is a file, not a database folder");
  }
  const bool created = !fs::exists(fs::path(path) / "CURRENT", ec);
  if (created && (!options.create_if_missing ||
                  options.mode == DbOptions::Mode::kSecondary)) {
    return Status::NotFound("no claimtrack database at " + path +
                            " (create one with 'claimtrack ingest')");
  }
  if (created && exists && !fs::is_empty(path, ec)) {
    return Status::InvalidArgument(
        path +
        " is a folder with other files in it, not a claimtrack "
        "database; give --db a new or empty folder");
  }
  if (created) RETURN_IF_ERROR(Create(path, options));
  RETURN_IF_ERROR(OpenWaitingForLock(path, options));
  return CheckFormat(/*created=*/false);
}

Status Db::OpenWaitingForLock(const std::string& path,
                              const DbOptions& options) {
  bool told = false;
  while (true) {
    bool locked = false;
    Status s = OpenRocks(path, options, /*create=*/false, &locked);
    if (!locked || !options.wait_for_lock) return s;
    if (!told && options.on_lock_wait) options.on_lock_wait(s);
    told = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

// A new database is made whole in a sibling folder, format-version record
// included, and renamed into place: a process killed while creating it
// leaves no half-made database at `path` (only the sibling, which the next
// creation by the same process id replaces).
Status Db::Create(const std::string& path, const DbOptions& options) {
  std::error_code ec;
  const std::string staging = path + ".creating-" + std::to_string(getpid());
  fs::remove_all(staging, ec);
  // Said plainly here, rather than in RocksDB's words about the staging
  // folder: the usual reasons a database cannot be created.
  const fs::path parent = fs::path(path).has_parent_path()
                              ? fs::path(path).parent_path()
                              : fs::path(".");
  if (!fs::is_directory(parent, ec)) {
    return Status::IOError(
        "cannot create database " + path + ": " + parent.string() +
        (fs::exists(parent, ec) ? " is not a folder" : " does not exist"));
  }
  if (!fs::create_directory(staging, ec) || ec) {
    return Status::IOError("cannot create database " + path + " (in " +
                           parent.string() + "): " + ec.message());
  }
  {
    Db fresh;
    fresh.path_ = staging;
    RETURN_IF_ERROR(fresh.OpenRocks(staging, options, /*create=*/true));
    RETURN_IF_ERROR(fresh.CheckFormat(/*created=*/true));
  }  // closed here
  fs::rename(staging, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    // Another process created it first: open theirs.
    if (fs::exists(fs::path(path) / "CURRENT", ignored)) return Status::Ok();
    return Status::IOError("cannot create database " + path + ": " +
                           ec.message());
  }
  return Status::Ok();
}

Status Db::OpenRocks(const std::string& path, const DbOptions& options,
                     bool create, bool* locked) {
  std::error_code ec;
  rocksdb::DBOptions db_options;
  env_ = options.env;
  if (env_) db_options.env = env_.get();
  db_options.create_if_missing = create;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;
  const uint64_t open_files = RaiseOpenFileLimit();
  std::shared_ptr<InfoLog> info_log;
  if (mode_ == DbOptions::Mode::kWrite) {
    info_log = std::make_shared<InfoLog>(path);
    db_options.info_log = info_log;
  }
  // A family written rarely (entities, the meta record) would otherwise keep
  // every write-ahead log since its last flush alive: hundreds of MB of logs
  // on a long ingest, replayed by every reader that opens the database.
  // Past this total the oldest logs' families are flushed.
  db_options.max_total_wal_size = 128 << 20;
  db_options.allow_concurrent_memtable_write = false;  // one writer anyway
  auto cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (size_t i = 0; i < kCfCount; ++i) {
    families.emplace_back(
        kCfNames[i],
        FamilyOptions(static_cast<Cf>(i), options, open_files, cache));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  if (mode_ == DbOptions::Mode::kSecondary) {
    db_options.max_open_files = -1;  // required of a secondary instance
    RemoveStaleReaderFolders();
    std::string tmpl =
        (fs::temp_directory_path(ec) /
         ("claimtrack-reader-" + std::to_string(getpid()) + "-XXXXXX"))
            .string();
    if (mkdtemp(tmpl.data()) == nullptr) {
      return Status::IOError("cannot create a temporary folder for reading " +
                             path);
    }
    secondary_path_ = tmpl;
    info_log = std::make_shared<InfoLog>(secondary_path_);
    db_options.info_log = info_log;
    s = rocksdb::DB::OpenAsSecondary(db_options, path, secondary_path_,
                                     families, &handles, &raw);
  } else {
    s = rocksdb::DB::Open(db_options, path, families, &handles, &raw);
  }
  if (!s.ok()) {
    if (IsLockError(s)) {
      if (locked) *locked = true;
      const std::string holder = LockHolder(path);
      return Status::IOError(
          "database " + path + " is in use by another claimtrack process (" +
          (holder.empty() ? "" : holder + " holds ") +
          "its LOCK file); wait for it to finish ('ingest --wait' "
          "waits), or query it read-only");
    }
    return FromRocks(s, "opening database " + path);
  }
  db_.reset(raw);
  for (size_t i = 0; i < kCfCount; ++i) handles_[i] = handles[i];
  info_log->Attach();
  return Status::Ok();
}

Status Db::BeginUpgrade(uint32_t from) {
  rocksdb::WriteBatch batch;
  std::string v;
  PutU32(&v, kFormatVersion);
  batch.Put(cf(Cf::kDefault), MetaKey{kFormatVersionName}.Encode(), v);
  std::string old;
  PutU32(&old, from);
  batch.Put(cf(Cf::kDefault), MetaKey{kUpgradingName}.Encode(), old);
  if (cut_upgrade_to_ == 0) {
    batch.Delete(cf(Cf::kDefault), MetaKey{kUpgradeClaimsName}.Encode());
    batch.Delete(cf(Cf::kDefault), MetaKey{kUpgradeNumbersName}.Encode());
  }
  RETURN_IF_ERROR(Write(&batch, /*sync=*/true));
  format_version_ = from;
  return Status::Ok();
}

Status Db::FinishUpgrade() {
  rocksdb::WriteBatch batch;
  batch.Delete(cf(Cf::kDefault), MetaKey{kUpgradingName}.Encode());
  RETURN_IF_ERROR(Write(&batch, /*sync=*/true));
  format_version_ = kFormatVersion;
  return Status::Ok();
}

Status Db::CheckFormat(bool created) {
  const std::string key = MetaKey{kFormatVersionName}.Encode();
  std::string value;
  if (created) {
    rocksdb::WriteBatch batch;
    std::string v;
    PutU32(&v, kFormatVersion);
    batch.Put(cf(Cf::kDefault), key, v);
    std::string by;
    PutLstr(&by, "claimtrack");
    batch.Put(cf(Cf::kDefault), MetaKey{kCreatedByName}.Encode(), by);
    rocksdb::WriteOptions wo;
    wo.sync = true;
    format_version_ = kFormatVersion;
    return FromRocks(db_->Write(wo, &batch), "writing to " + path_);
  }
  Status s = Get(Cf::kDefault, key, &value);
  if (s.IsNotFound()) {
    return Status::InvalidArgument(
        path_ +
        " is a RocksDB database but not a claimtrack "
        "one (it has no format-version record)");
  }
  RETURN_IF_ERROR(s);
  Decoder d(value);
  uint32_t version;
  if (!d.GetU32(&version) || !d.done()) {
    return Status::Corruption(path_ + ": unreadable format-version record");
  }
  format_version_ = version;
  if (version >= kOldestUpgradable && version <= kFormatVersion) {
    // An upgrade cut short, by this build or by an older one to its own
    // version: the values are part rewritten, and the upgrade starts again
    // from the version that one started from.
    s = Get(Cf::kDefault, MetaKey{kUpgradingName}.Encode(), &value);
    if (s.IsNotFound()) {
      if (version == kFormatVersion) return Status::Ok();
    } else {
      RETURN_IF_ERROR(s);
      Decoder u(value);
      uint32_t from;
      if (!u.GetU32(&from) || !u.done() || from < kOldestUpgradable ||
          from >= version) {
        return Status::Corruption(path_ + ": unreadable upgrading record");
      }
      if (mode_ == DbOptions::Mode::kWrite) {
        format_version_ = from;
        cut_upgrade_to_ = version;
        return Status::Ok();
      }
      return Status::InvalidArgument(
          path_ + ": its upgrade from format version " + std::to_string(from) +
          " to " + std::to_string(version) +
          " was cut short: run 'claimtrack upgrade --db " + path_ + "' once");
    }
  }
  const std::string versions = path_ + " has database format version " +
                               std::to_string(version) +
                               "; this claimtrack reads and writes version " +
                               std::to_string(kFormatVersion);
  if (version >= kOldestUpgradable && version < kFormatVersion) {
    if (mode_ == DbOptions::Mode::kWrite) return Status::Ok();
    return Status::InvalidArgument(
        versions + ", and upgrades it in place when it opens it for " +
        "writing: run 'claimtrack upgrade --db " + path_ + "' once");
  }
  return Status::InvalidArgument(
      versions + (version < kOldestUpgradable
                      ? " (ingest the articles again into a new database)"
                      : " (this claimtrack is older than the database)"));
}

Db::~Db() {
  if (db_) {
    for (rocksdb::ColumnFamilyHandle* h : handles_) {
      if (h) db_->DestroyColumnFamilyHandle(h);
    }
    db_->Close();
    db_.reset();
  }
  if (!secondary_path_.empty()) {
    std::error_code ec;
    fs::remove_all(secondary_path_, ec);
  }
}

Status Db::Get(Cf family, std::string_view key, std::string* value) {
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf(family), rocksdb::Slice(key), value);
  if (s.IsNotFound()) return Status::NotFound("");
  return FromRocks(s, "reading " + path_);
}

std::unique_ptr<rocksdb::Iterator> Db::NewIterator(Cf family) {
  return std::unique_ptr<rocksdb::Iterator>(
      db_->NewIterator(rocksdb::ReadOptions(), cf(family)));
}

Status Db::Write(rocksdb::WriteBatch* batch, bool sync) {
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  return FromRocks(db_->Write(wo, batch), "writing to " + path_);
}

Status Db::Scan(
    Cf family, std::string_view prefix,
    const std::function<bool(std::string_view, std::string_view)>& fn,
    std::string_view from) {
  if (from.empty() || from < prefix) from = prefix;
  std::unique_ptr<rocksdb::Iterator> it = NewIterator(family);
  for (it->Seek(rocksdb::Slice(from)); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (key.substr(0, prefix.size()) != prefix) break;
    if (!fn(key, it->value().ToStringView())) break;
  }
  return FromRocks(it->status(), "reading " + path_);
}

Status Db::CatchUp() {
  if (mode_ != DbOptions::Mode::kSecondary) return Status::Ok();
  return FromRocks(db_->TryCatchUpWithPrimary(), "catching up with " + path_);
}

Status Db::Flush() {
  std::vector<rocksdb::ColumnFamilyHandle*> all(handles_.begin(),
                                                handles_.end());
  // Every family's flush is queued first, then waited for: asked to wait,
  // RocksDB flushes the families one after the other, so that a second
  // flush thread (UseBothCores) would stay idle. At the end of a bulk load
  // of Reuters-21578 the last flush took 0.45 s on one core, 0.2 s on two.
  rocksdb::FlushOptions queue;
  queue.wait = false;
  RETURN_IF_ERROR(FromRocks(db_->Flush(queue, all), "flushing " + path_));
  return FromRocks(db_->Flush(rocksdb::FlushOptions(), all),
                   "flushing " + path_);
}

Status Db::Flush(Cf family) {
  return FromRocks(db_->Flush(rocksdb::FlushOptions(), cf(family)),
                   "flushing " + path_);
}

Status Db::Compact() {
  // Documents compacted on purpose take zstd 12 (FamilyOptions).
  rocksdb::ColumnFamilyHandle* docs = cf(Cf::kDocs);
  const rocksdb::CompressionOptions& c =
      db_->GetOptions(docs).bottommost_compression_opts;
  const std::string opts =
      "{level=" + std::to_string(kDocsCompactLevel) +
      ";enabled=true;max_dict_bytes=" + std::to_string(c.max_dict_bytes) +
      ";zstd_max_train_bytes=" + std::to_string(c.zstd_max_train_bytes) +
      ";max_dict_buffer_bytes=" + std::to_string(c.max_dict_buffer_bytes) + "}";
  RETURN_IF_ERROR(
      FromRocks(db_->SetOptions(docs, {{"bottommost_compression_opts", opts}}),
                "setting options of " + path_));
  // Two compactions at once (UseBothCores), after every family's flush.
  RETURN_IF_ERROR(FlushAtEnd());
  // One family's compaction runs on one core: one out of level 0 is not
  // split (its files span every key), and documents, half the time, are
  // mostly there after a bulk load. So two families are compacted at once,
  // the largest first, each thread taking the next when done: on
  // Reuters-21578 documents took 1.3 s and the other seven 1.7 s together,
  // one after the other.
  std::vector<std::pair<uint64_t, rocksdb::ColumnFamilyHandle*>> order;
  for (rocksdb::ColumnFamilyHandle* h : handles_) {
    uint64_t bytes = 0;
    db_->GetIntProperty(h, "rocksdb.total-sst-files-size", &bytes);
    order.emplace_back(bytes, h);
  }
  std::stable_sort(
      order.begin(), order.end(),
      [](const auto& a, const auto& b) { return a.first > b.first; });
  std::mutex mu;
  size_t next = 0;  // guarded by mu
  Status failed;    // the first failure, guarded by mu
  auto compact = [&] {
    for (;;) {
      rocksdb::ColumnFamilyHandle* h = nullptr;
      {
        std::lock_guard lock(mu);
        if (!failed.ok() || next == order.size()) return;
        h = order[next++].second;
      }
      rocksdb::CompactRangeOptions o;
      o.max_subcompactions = 2;  // a compaction of the bottom level splits
      o.bottommost_level_compaction =
          rocksdb::BottommostLevelCompaction::kForceOptimized;
      Status s = FromRocks(db_->CompactRange(o, h, nullptr, nullptr),
                           "compacting " + path_);
      if (!s.ok()) {
        std::lock_guard lock(mu);
        if (failed.ok()) failed = std::move(s);
        return;
      }
    }
  };
  std::thread helper(compact);
  compact();
  helper.join();
  return failed;
}

Status Db::UseBothCores() {
  // Each SetOptions writes and re-reads an OPTIONS file (about 26 million
  // instructions): once is enough.
  if (both_cores_) return Status::Ok();
  // Two flushes and two compactions at once, and a compaction of existing
  // levels split in two key ranges (one out of level 0 is not: its files
  // span every key). Both limits are given: with max_background_jobs 3
  // alone (which RocksDB splits into one flush and two compactions), the
  // compactions a bulk load leaves ran one at a time (documents for 4 s,
  // then claims, ... on 200 MB of `synth` text), and with only the flushes
  // given, RocksDB allows one compaction.
  RETURN_IF_ERROR(
      FromRocks(db_->SetDBOptions({{"max_background_jobs", "4"},
                                   {"max_background_flushes", "2"},
                                   {"max_background_compactions", "2"},
                                   {"max_subcompactions", "2"}}),
                "setting options of " + path_));
  both_cores_ = true;
  return Status::Ok();
}

Status Db::FlushAtEnd() {
  RETURN_IF_ERROR(UseBothCores());
  return Flush();
}

Status Db::ResumeCompaction() {
  if (!bulk_load_ || compaction_resumed_) return Status::Ok();
  const rocksdb::ColumnFamilyOptions stock;
  for (size_t i = 0; i < kCfCount; ++i) {
    if (!kBulkPileUp[i]) continue;
    RETURN_IF_ERROR(FromRocks(
        db_->SetOptions(
            handles_[i],
            {{"level0_file_num_compaction_trigger",
              std::to_string(stock.level0_file_num_compaction_trigger)},
             {"level0_slowdown_writes_trigger",
              std::to_string(stock.level0_slowdown_writes_trigger)},
             {"level0_stop_writes_trigger",
              std::to_string(stock.level0_stop_writes_trigger)},
             {"max_bytes_for_level_base",
              std::to_string(stock.max_bytes_for_level_base)}}),
        "setting options of " + path_));
  }
  compaction_resumed_ = true;
  return Status::Ok();
}

Status Db::Settle(const std::function<void(uint64_t)>& waiting) {
  RETURN_IF_ERROR(FlushAtEnd());
  RETURN_IF_ERROR(ResumeCompaction());
  uint64_t errors_before = 0;
  db_->GetIntProperty("rocksdb.background-errors", &errors_before);
  constexpr std::chrono::milliseconds kPoll(50);
  std::chrono::milliseconds stalled(0);  // due, and nothing running
  for (int round = 0;; ++round) {
    uint64_t v = 0;
    const char* due = nullptr;  // a family due for compaction
    uint64_t pending_bytes = 0;
    for (size_t i = 0; i < kCfCount; ++i) {
      if (db_->GetIntProperty(handles_[i], "rocksdb.compaction-pending", &v) &&
          v > 0 && due == nullptr) {
        due = CfName(static_cast<Cf>(i));
      }
      if (db_->GetIntProperty(
              handles_[i], "rocksdb.estimate-pending-compaction-bytes", &v)) {
        pending_bytes += v;
      }
    }
    bool running = false;
    if (db_->GetIntProperty("rocksdb.num-running-compactions", &v) && v > 0) {
      running = true;
    }
    if (db_->GetIntProperty("rocksdb.num-running-flushes", &v) && v > 0) {
      running = true;
    }
    if (due == nullptr && !running) return CheckLevel0Settled();
    // A failed background job (a full disk) stops compaction: pending
    // would never clear.
    if (db_->GetIntProperty("rocksdb.background-errors", &v) &&
        v > errors_before) {
      RETURN_IF_ERROR(Flush());  // the background error, when it persists
      return Status::IOError("compacting " + path_ +
                             ": a background compaction failed (its LOG "
                             "file says why)");
    }
    // Due but not running: RocksDB starts a due compaction as soon as a
    // thread is free, and both are free when none runs. One that never
    // starts (compaction disabled, or a job that failed without counting
    // a background error) would keep this loop waiting for ever.
    stalled = running ? std::chrono::milliseconds(0) : stalled + kPoll;
    if (stalled >= settle_stall_limit_) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%.1f",
                    std::chrono::duration<double>(stalled).count());
      return Status::IOError("compacting " + path_ + ": the " + due +
                             " family is due for compaction, but none has "
                             "run for " +
                             seconds + " s (its LOG file may say why)");
    }
    if (waiting && round % 20 == 0) waiting(pending_bytes);  // each second
    std::this_thread::sleep_for(kPoll);
  }
}

Status Db::CheckLevel0Settled() {
  // What Settle promises readers: level 0 below RocksDB's trigger, the
  // one every family has again once ResumeCompaction has run.
  const int trigger =
      rocksdb::ColumnFamilyOptions().level0_file_num_compaction_trigger;
  for (size_t i = 0; i < kCfCount; ++i) {
    const uint64_t files = Level0FilesOf(handles_[i]);
    // RocksDB's level-0 score leaves out files held by a compaction, so a
    // job that failed on them (once seen when it could not open its
    // inputs) can leave nothing due and the files where they were.
    if (files >= static_cast<uint64_t>(trigger)) {
      return Status::IOError(
          "compacting " + path_ + ": the " + CfName(static_cast<Cf>(i)) +
          " family still has " + std::to_string(files) +
          " level-0 files (compaction starts at " + std::to_string(trigger) +
          "), and none is due: a compaction stopped short (its LOG file may "
          "say why)");
    }
  }
  return Status::Ok();
}

uint64_t Db::Level0FilesOf(rocksdb::ColumnFamilyHandle* h) {
  // A string property only (not GetIntProperty's); 0 when unreadable.
  std::string n;
  if (!db_->GetProperty(h, "rocksdb.num-files-at-level0", &n)) return 0;
  return std::strtoull(n.c_str(), nullptr, 10);
}

uint64_t Db::Level0Files() {
  uint64_t total = 0;
  for (rocksdb::ColumnFamilyHandle* h : handles_) total += Level0FilesOf(h);
  return total;
}

uint64_t Db::FamilySize(Cf family) {
  uint64_t bytes = 0;
  db_->GetIntProperty(cf(family), "rocksdb.total-sst-files-size", &bytes);
  return bytes;
}

Db::FamilyWork Db::WorkOf(Cf family) {
  FamilyWork w;
  std::map<std::string, std::string> stats;
  if (!db_->GetMapProperty(cf(family), rocksdb::DB::Properties::kCFStats,
                           &stats)) {
    return w;
  }
  // "compaction.<row>.<figure>", rows "L0" to "L6" and "Sum".
  const auto figure = [&stats](const char* row, const char* name) {
    auto it = stats.find(std::string("compaction.") + row + "." + name);
    return it == stats.end() ? 0.0 : std::strtod(it->second.c_str(), nullptr);
  };
  constexpr double kGiB = 1024.0 * 1024 * 1024;  // RocksDB's "GB"
  const auto bytes = [&](const char* row) {
    return static_cast<uint64_t>(figure(row, "WriteGB") * kGiB + 0.5);
  };
  w.level0_cpu_seconds = figure("L0", "CompMergeCPU");
  w.compaction_cpu_seconds =
      std::max(0.0, figure("Sum", "CompMergeCPU") - w.level0_cpu_seconds);
  w.level0_bytes = bytes("L0");
  const uint64_t all = bytes("Sum");
  w.compaction_bytes = all - std::min(all, w.level0_bytes);
  w.compactions = static_cast<uint64_t>(std::max(
      0.0, figure("Sum", "CompCount") - figure("L0", "CompCount") + 0.5));
  return w;
}

uint64_t Db::SizeOnDisk() const {
  std::error_code ec;
  uint64_t total = 0;
  for (const auto& entry : fs::directory_iterator(path_, ec)) {
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  }
  return total;
}

}  // namespace claimtrack::store

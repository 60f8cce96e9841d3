#include "store/txn.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <iterator>
#include <memory>
#include <mutex>
#include <utility>

#include "common/cpu_time.h"

namespace claimtrack::store {

Txn::Txn(Db* db)
    : db_(db),
      arena_buffer_(new std::byte[kArenaBytes]),
      arena_(arena_buffer_.get(), kArenaBytes) {
  overlay_.reserve(kCfCount);
  for (size_t i = 0; i < kCfCount; ++i) {
    overlay_.emplace_back(Overlay::allocator_type(&arena_));
  }
}

std::string_view Txn::Keep(std::string_view bytes) {
  if (bytes.empty()) return "";  // not a null pointer
  char* copy = static_cast<char*>(arena_.allocate(bytes.size(), 1));
  std::memcpy(copy, bytes.data(), bytes.size());
  return {copy, bytes.size()};
}

void Txn::Set(Cf cf, std::string_view key,
              std::optional<std::string_view> value) {
  Overlay& overlay = overlay_[static_cast<size_t>(cf)];
  if (value) value = Keep(*value);
  auto it = overlay.lower_bound(key);
  if (it != overlay.end() && it->first == key) {
    it->second = value;  // the replaced bytes stay in the arena until Reset
  } else {
    overlay.emplace_hint(it, Keep(key), value);
  }
}

Status Txn::Get(Cf cf, std::string_view key, std::string* value) {
  AssertReadable(cf);
  const Overlay& overlay = overlay_[static_cast<size_t>(cf)];
  const std::optional<std::string_view>* entry = nullptr;
  if (auto it = overlay.find(key); it != overlay.end()) {
    entry = &it->second;
  } else {
    RETURN_IF_ERROR(Earlier(cf, key, &entry));
  }
  if (entry != nullptr) {
    if (!*entry) return Status::NotFound("");
    value->assign(**entry);
    return Status::Ok();
  }
  return db_->Get(cf, key, value);
}

namespace {

uint32_t FamilyBit(Cf cf) { return uint32_t{1} << static_cast<int>(cf); }

}  // namespace

Status Txn::Earlier(Cf cf, std::string_view key,
                    const std::optional<std::string_view>** entry) {
  *entry = nullptr;
  if (committer_ == nullptr || committer_->Idle()) return Status::Ok();
  // Latest first: the first batch with the key has its last value. A batch
  // that wrote the family unread before one is found may hold it too.
  bool unread = false;
  committer_->AnyQueued([&](const Txn& txn) {
    if (txn.unread_families_ & FamilyBit(cf)) {
      unread = true;
      return true;
    }
    const Overlay& overlay = txn.overlay_[static_cast<size_t>(cf)];
    auto it = overlay.find(key);
    if (it == overlay.end()) return false;
    *entry = &it->second;
    return true;
  });
  return unread ? committer_->Wait() : Status::Ok();
}

Status Txn::WaitForEarlier() {
  return committer_ ? committer_->Wait() : Status::Ok();
}

Status Txn::SettleEarlier(Cf cf, std::string_view prefix) {
  if (committer_ == nullptr || committer_->Idle()) return Status::Ok();
  // The scan merges this batch with the database: the in-flight batches'
  // keys under the prefix must be there first. Rare: nearby documents
  // seldom add to one prefix that is read.
  const bool touched = committer_->AnyQueued([&](const Txn& txn) {
    if (txn.unread_families_ & FamilyBit(cf)) return true;
    const Overlay& overlay = txn.overlay_[static_cast<size_t>(cf)];
    auto it = overlay.lower_bound(prefix);
    return it != overlay.end() && it->first.substr(0, prefix.size()) == prefix;
  });
  return touched ? committer_->Wait() : Status::Ok();
}

void Txn::AssertReadable([[maybe_unused]] Cf cf) const {
  // A read would miss this batch's unread writes to the family.
  assert((unread_families_ & FamilyBit(cf)) == 0);
}

void Txn::NoteFamily(Cf cf, bool unread) {
  const uint32_t bit = FamilyBit(cf);
  (unread ? unread_families_ : overlay_families_) |= bit;
  // One family, one way: the unread writes go first at Commit.
  assert((unread_families_ & overlay_families_) == 0);
  ++writes_;
}

void Txn::Put(Cf cf, std::string_view key, std::string_view value) {
  Set(cf, key, value);
  NoteFamily(cf, false);
}

void Txn::Delete(Cf cf, std::string_view key) {
  Set(cf, key, std::nullopt);
  NoteFamily(cf, false);
}

void Txn::PutUnread(Cf cf, std::string_view key, std::string_view value) {
  NoteError(
      batch_.Put(db_->cf(cf), rocksdb::Slice(key), rocksdb::Slice(value)));
  NoteFamily(cf, true);
}

void Txn::DeleteUnread(Cf cf, std::string_view key) {
  NoteError(batch_.Delete(db_->cf(cf), rocksdb::Slice(key)));
  NoteFamily(cf, true);
}

void Txn::MergeUnread(Cf cf, std::string_view key, std::string_view operand) {
  NoteError(
      batch_.Merge(db_->cf(cf), rocksdb::Slice(key), rocksdb::Slice(operand)));
  NoteFamily(cf, true);
}

// Merges the database's keys with the overlay's, the overlay winning on
// equal keys and hiding deleted ones.
Status Txn::Scan(Cf cf, std::string_view prefix, const Visitor& fn,
                 std::string_view from) {
  AssertReadable(cf);
  RETURN_IF_ERROR(SettleEarlier(cf, prefix));
  if (from.empty() || from < prefix) from = prefix;
  const Overlay& overlay = overlay_[static_cast<size_t>(cf)];
  auto pending = overlay.lower_bound(from);
  auto in_prefix = [&prefix](std::string_view key) {
    return key.substr(0, prefix.size()) == prefix;
  };
  std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(cf);
  it->Seek(rocksdb::Slice(from));
  while (true) {
    const bool db_ok = it->Valid() && in_prefix(it->key().ToStringView());
    const bool pending_ok =
        pending != overlay.end() && in_prefix(pending->first);
    if (!db_ok && !pending_ok) break;
    int order = 0;  // < 0: the database's key first
    if (db_ok && pending_ok) {
      order = it->key().ToStringView().compare(pending->first);
    } else {
      order = db_ok ? -1 : 1;
    }
    if (order < 0) {
      if (!fn(it->key().ToStringView(), it->value().ToStringView())) break;
      it->Next();
      continue;
    }
    // Replaced or deleted by the batch: the batch's entry stands.
    if (order == 0) it->Next();
    const auto [key, value] = *pending++;  // views into the arena
    if (value && !fn(key, *value)) break;
  }
  return FromRocks(it->status(), "reading " + db_->path());
}

namespace {

// The first string after every string that starts with `prefix`; "" when
// there is none (the prefix is empty or all FF bytes).
std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xFF) {
    end.pop_back();
  }
  if (!end.empty()) end.back() = static_cast<char>(end.back() + 1);
  return end;
}

}  // namespace

Status Txn::ScanBackward(Cf cf, std::string_view prefix, const Visitor& fn,
                         std::string_view before) {
  AssertReadable(cf);
  RETURN_IF_ERROR(SettleEarlier(cf, prefix));
  const std::string prefix_end = PrefixEnd(prefix);
  // Keys are taken while < `end`; no bound when both are empty.
  std::string_view end = before;
  if (end.empty() || (!prefix_end.empty() && end > prefix_end)) {
    end = prefix_end;
  }
  auto in_range = [&](std::string_view key) {
    return key.substr(0, prefix.size()) == prefix && (end.empty() || key < end);
  };
  const Overlay& overlay = overlay_[static_cast<size_t>(cf)];
  // The overlay's candidate is the entry before `pending`.
  auto pending = end.empty() ? overlay.end() : overlay.lower_bound(end);
  std::unique_ptr<rocksdb::Iterator> it = db_->NewIterator(cf);
  if (end.empty()) {
    it->SeekToLast();
  } else {
    it->SeekForPrev(rocksdb::Slice(end));
    if (it->Valid() && it->key().ToStringView() >= end) it->Prev();
  }
  while (true) {
    const bool db_ok = it->Valid() && in_range(it->key().ToStringView());
    const bool pending_ok =
        pending != overlay.begin() && in_range(std::prev(pending)->first);
    if (!db_ok && !pending_ok) break;
    int order = 0;  // > 0: the database's key first (it is the larger)
    if (db_ok && pending_ok) {
      order = it->key().ToStringView().compare(std::prev(pending)->first);
    } else {
      order = db_ok ? 1 : -1;
    }
    if (order > 0) {
      if (!fn(it->key().ToStringView(), it->value().ToStringView())) break;
      it->Prev();
      continue;
    }
    if (order == 0) it->Prev();  // replaced or deleted by the batch
    --pending;
    if (pending->second.has_value() && !fn(pending->first, *pending->second)) {
      break;
    }
  }
  return FromRocks(it->status(), "reading " + db_->path());
}

Status Txn::Commit() {
  if (writes_ == 0) return Status::Ok();
  RETURN_IF_ERROR(Seal());
  RETURN_IF_ERROR(WriteSealed());
  Reset();
  return Status::Ok();
}

Status Txn::Seal() {
  for (size_t i = 0; i < kCfCount; ++i) {
    rocksdb::ColumnFamilyHandle* cf = db_->cf(static_cast<Cf>(i));
    for (const auto& [key, value] : overlay_[i]) {
      NoteError(value ? batch_.Put(cf, key, *value) : batch_.Delete(cf, key));
    }
  }
  return FromRocks(error_, "building a write batch");
}

Status Txn::WriteSealed() { return db_->Write(&batch_); }

void Txn::Discard() {
  error_ = rocksdb::Status::OK();
  Reset();
}

void Txn::Reset() {
  for (Overlay& o : overlay_) o.clear();
  arena_.release();  // back to arena_buffer_, the rest freed
  if (batch_.GetDataSize() > kKeptBatchBytes) {
    batch_ = rocksdb::WriteBatch();  // a rare large document's buffer goes
  } else {
    batch_.Clear();  // keeps its buffer
  }
  overlay_families_ = unread_families_ = 0;
  writes_ = 0;
}

Committer::~Committer() {
  if (!thread_.joinable()) return;
  {
    std::unique_lock lock(mu_);
    wanted_ = true;  // lazy or not
    cv_.notify_all();
    cv_.wait(lock, [this] { return todo_.empty(); });
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

Status Committer::Start(Txn* txn, std::string what,
                        std::function<void()> written) {
  // The Txns written so far go back to their owner, and a full queue
  // waits for its oldest.
  Status s = Reap(0);
  while (s.ok() && !jobs_.empty() &&
         (jobs_.size() >= kDepth || queued_bytes_ >= kQueuedBytes)) {
    s = Reap(1);
  }
  if (!s.ok()) {
    txn->Discard();
    return s;
  }
  if (txn->pending_writes() == 0) {
    if (jobs_.empty()) {
      written();
      return Status::Ok();
    }
    txn = nullptr;  // nothing to write: done in its turn
  } else if (s = txn->Seal(); !s.ok()) {
    txn->Discard();
    write_failed_ = false;
    return s;
  }
  if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
  const size_t bytes = txn != nullptr ? txn->batch_.GetDataSize() : 0;
  jobs_.push_back({txn, std::move(what), std::move(written), bytes});
  queued_bytes_ += bytes;
  {
    std::lock_guard lock(mu_);
    todo_.push_back(txn);
  }
  cv_.notify_all();
  return Status::Ok();
}

void Committer::set_lazy_for_testing(bool lazy) {
  {
    std::lock_guard lock(mu_);
    lazy_ = lazy;
  }
  cv_.notify_all();
}

bool Committer::Queued(const Txn* txn) const {
  return std::any_of(jobs_.begin(), jobs_.end(),
                     [txn](const Job& job) { return job.txn == txn; });
}

Status Committer::Reap(size_t at_least) {
  if (jobs_.empty()) return Status::Ok();
  std::deque<std::optional<Status>> results;
  {
    std::unique_lock lock(mu_);
    wanted_ = results_.size() < at_least;
    if (wanted_) cv_.notify_all();
    cv_.wait(lock, [&] { return results_.size() >= at_least; });
    wanted_ = false;
    results.swap(results_);
    // Every job reaped: those that follow were made knowing of a failure.
    if (results.size() == jobs_.size()) failed_ = false;
  }
  Status failure;
  for (std::optional<Status>& result : results) {
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    queued_bytes_ -= job.bytes;
    if (result && result->ok()) {
      if (job.txn != nullptr) job.txn->Reset();
      job.written();
      continue;
    }
    if (job.txn != nullptr) job.txn->Discard();
    // One failure per run of skipped batches after it.
    if (result) failure = result->WithContext("writing " + job.what);
  }
  write_failed_ = !failure.ok();
  return failure;
}

void Committer::Run() {
  ThreadCpuRole role("ct:commit");  // RocksDB's WAL and memtable inserts
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [this] {
      return stop_ ||
             (!todo_.empty() && (!lazy_ || wanted_ || todo_.size() >= kDepth));
    });
    if (stop_) return;
    Txn* txn = todo_.front();
    const bool skip = failed_;
    lock.unlock();
    std::optional<Status> s;
    if (!skip) s = txn != nullptr ? txn->WriteSealed() : Status::Ok();
    lock.lock();
    failed_ = failed_ || !s || !s->ok();
    todo_.pop_front();
    results_.push_back(std::move(s));
    cv_.notify_all();
  }
}

}  // namespace claimtrack::store

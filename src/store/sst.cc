// Writing a shard: each family's keys, already in order in the database
// the shard was ingested into, copied into one SST file with the family's
// own options (compression, block size), so that a database ingesting the
// file reads it like one of its own.
#include "store/sst.h"

#include <rocksdb/sst_file_writer.h>

#include <filesystem>
#include <memory>

#include "store/keys.h"
#include "store/records.h"

namespace claimtrack::store {

namespace fs = std::filesystem;

std::string SstShardFile(const std::string& folder, Cf cf) {
  return (fs::path(folder) / (std::string(CfName(cf)) + ".sst")).string();
}

namespace {

// What a shard carries: of the default family only the format version
// (created-by is the loading database's own); no EARLIER or REPEATS edges,
// which the loader rebuilds over the whole collection.
Result<bool> ShardKeeps(Cf cf, std::string_view key) {
  if (cf == Cf::kDefault) return key == MetaKey{kFormatVersionName}.Encode();
  if (cf != Cf::kEdges) return true;
  ASSIGN_OR_RETURN(EdgeKey edge, EdgeKey::Decode(key));
  return edge.type != EdgeType::kEarlier && edge.type != EdgeType::kRepeats;
}

Status WriteFamily(Db* db, Cf cf, const std::string& path,
                   SstShardStats* stats) {
  rocksdb::SstFileWriter writer(rocksdb::EnvOptions(),
                                db->raw()->GetOptions(db->cf(cf)), db->cf(cf));
  bool open = false;  // an empty family gets no file (RocksDB refuses one)
  std::unique_ptr<rocksdb::Iterator> it = db->NewIterator(cf);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(const bool keep, ShardKeeps(cf, it->key().ToStringView()));
    if (!keep) continue;
    if (!open) {
      RETURN_IF_ERROR(FromRocks(writer.Open(path), path));
      open = true;
    }
    // Merge operands where another shard, or the database, may hold a
    // value of the same key (a term list of the same term and day).
    RETURN_IF_ERROR(FromRocks(FamilyMerges(cf)
                                  ? writer.Merge(it->key(), it->value())
                                  : writer.Put(it->key(), it->value()),
                              path));
    ++stats->keys;
  }
  RETURN_IF_ERROR(
      FromRocks(it->status(), std::string("reading family ") + CfName(cf)));
  if (!open) return Status::Ok();
  rocksdb::ExternalSstFileInfo info;
  RETURN_IF_ERROR(FromRocks(writer.Finish(&info), path));
  stats->bytes += info.file_size;
  ++stats->files;
  return Status::Ok();
}

}  // namespace

Status WriteSstShard(Db* db, const std::string& out, SstShardStats* stats) {
  *stats = SstShardStats();
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec || !fs::is_directory(out)) {
    return Status::IOError(out + ": cannot create the shard folder" +
                           (ec ? ": " + ec.message() : ""));
  }
  if (!fs::is_empty(out, ec)) {
    return Status::InvalidArgument(
        out + ": the shard folder already holds files; remove them first");
  }
  // The default family (the format version) goes last: a shard whose
  // writing stopped early has no default.sst and is refused when loaded.
  for (size_t i = 1; i <= kCfCount; ++i) {
    const Cf cf = static_cast<Cf>(i % kCfCount);
    RETURN_IF_ERROR(WriteFamily(db, cf, SstShardFile(out, cf), stats));
  }
  return Status::Ok();
}

}  // namespace claimtrack::store

// Bulk load: a shard of the collection written as sorted SST files, and
// shards loaded into a database with RocksDB's IngestExternalFiles.
//
// A shard is a folder (by convention named PART.sst) holding one SST file
// per non-empty column family, named after it:
//
//   PART.sst/default.sst   the format-version record only (checked, not loaded)
//   PART.sst/docs.sst      ... claims.sst, entities.sst, aliases.sst,
//   PART.sst/edges.sst         edges.sst, index.sst: every key of the
//   PART.sst/index.sst         family, in order, values unchanged
//
// The keys are exactly those of schema/keys.md, as a database ingesting the
// shard's documents alone would hold them, except EARLIER and REPEATS edges:
// they need the whole collection, so LoadSstShards rebuilds them. Its
// claims are numbered from 1; LoadSstShards moves the numbers past the
// database's.
//
// Loading shards in order is meant to equal ingesting their documents in
// that order, one database; README "Bulk load" and docs/scale-out.md list
// where it cannot (a one-word speaker name is resolved against the other
// documents of its own shard only).
#ifndef CLAIMTRACK_STORE_SST_H_
#define CLAIMTRACK_STORE_SST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "claimtrack/status.h"
#include "store/db.h"
#include "store/linker.h"

namespace claimtrack::store {

// The file of family `cf` in a shard folder.
std::string SstShardFile(const std::string& folder, Cf cf);

struct SstShardStats {
  uint64_t keys = 0;   // written, over all families
  uint64_t bytes = 0;  // of the SST files
  size_t files = 0;
};

// Writes every key of `db` (but EARLIER and REPEATS edges, and of the
// default family only the format-version record) into the shard folder
// `out`, which is created and must not hold files yet. The database should
// not be written to meanwhile. On failure the folder may hold part of the
// files; a shard without its default.sst is refused by LoadSstShards.
Status WriteSstShard(Db* db, const std::string& out, SstShardStats* stats);

struct SstLoadStats {
  uint64_t shards = 0;
  uint64_t files = 0;      // SST files ingested
  uint64_t keys = 0;       // keys in them
  uint64_t documents = 0;  // documents of the shards
  // Documents whose id or text the database already held when their shard
  // came: they are left out of the SST files and go through Store::Ingest
  // instead, so that they are unchanged, duplicates or replacements
  // exactly as in a normal ingest. Counted by IngestOutcome.
  uint64_t overlapping[4] = {0, 0, 0, 0};
  // Entities of a shard the database already held with a fuller display
  // name, which was kept.
  uint64_t names_kept = 0;
  LinkStats links;  // rebuilt at the end
};

struct SstLoadOptions {
  DbOptions db;
  // Move (hard-link) the shards' files into the database instead of copying
  // them; the shard folders are then left incomplete.
  bool move_files = false;
};

// Loads the shard folders into the database at `db_path` (created when
// missing), in order, then rebuilds every EARLIER and REPEATS link. Each
// shard's families are ingested in one atomic IngestExternalFiles call;
// entity display names are merged (the fullest form wins, schema/keys.md)
// and overlapping documents are ingested as described above. Loading is not
// atomic across shards: after a failure, run it again with the same shards
// (documents already loaded are then unchanged) or run `claimtrack link`.
// Fails with InvalidArgument, naming the folder or file, when a shard is not
// one or has another format version; Corruption on id collisions.
Status LoadSstShards(const std::string& db_path,
                     const std::vector<std::string>& shards,
                     const SstLoadOptions& options, SstLoadStats* stats);

}  // namespace claimtrack::store

#endif  // CLAIMTRACK_STORE_SST_H_

// claimtrack kv dump: every key and value of the database, one line each,
// decoded through the schema (store/kv_format.h). Records that do not
// decode are printed with their bytes in hex and the reason, the dump goes
// on, and the command then fails with Corruption.
#include <boost/program_options.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "flags.h"
#include "store/kv_format.h"
#include "store_flags.h"

namespace claimtrack::cli {

namespace {

namespace po = boost::program_options;

struct KvFlags {
  std::string action;
  std::string db;
  std::string cf;
  long long limit = 0;
  bool raw = false;
  bool help = false;
};

po::options_description KvOptionsDescription(KvFlags* flags) {
  std::string families;
  for (size_t i = 0; i < store::kCfCount; ++i) {
    families +=
        std::string(i ? ", " : "") + store::CfName(static_cast<store::Cf>(i));
  }
  po::options_description desc(
      "usage: claimtrack kv dump [options]\n\n"
      "Prints every key and value of the database, one line each, decoded\n"
      "as schema/keys.md specifies: \"FAMILY PREFIX KEY -> VALUE\". A record\n"
      "that does not decode is printed in hex with the reason, and the\n"
      "command then exits with an error. Column families: " +
      families + ".\n\noptions");
  desc.add_options()("help,h", po::bool_switch(&flags->help),
                     "describe the flags");
  AddDbFlag(&desc, &flags->db);
  desc.add_options()("cf", po::value(&flags->cf)->value_name("NAME"),
                     "only this column family")(
      "limit", po::value(&flags->limit)->value_name("N"),
      "at most N records of each column family (default: all)")(
      "raw", po::bool_switch(&flags->raw),
      "also print each key and value in hex");
  return desc;
}

struct Tally {
  uint64_t records = 0;
  uint64_t bad = 0;
};

// Prints the records of one family (at most --limit of them), counting
// those that do not decode.
Status DumpFamily(store::Db* db, store::Cf cf, const KvFlags& flags,
                  Tally* tally) {
  const char* name = store::CfName(cf);
  uint64_t seen = 0;
  // Claims store spans, not text: their document's text is read (once per
  // run of claims of one document) to show what the spans cover.
  uint64_t text_of = 0;
  std::string text;
  return db->Scan(cf, "", [&](std::string_view key, std::string_view value) {
    if (flags.limit > 0 && seen >= static_cast<uint64_t>(flags.limit)) {
      return false;
    }
    ++seen;
    ++tally->records;
    store::ClaimRecord claim;  // only its doc_num is read: any id will do
    if (cf == store::Cf::kClaims && store::DecodeClaim(0, value, &claim).ok() &&
        claim.doc_num != text_of) {
      text_of = claim.doc_num;
      text.clear();
      std::string bytes;
      store::DocumentRecord doc;
      if (db->Get(store::Cf::kDocs, store::DocumentKey{claim.doc_num}.Encode(),
                  &bytes)
              .ok() &&
          store::DecodeDocument(bytes, &doc).ok()) {
        text = std::move(doc.doc.text);
      }
    }
    Result<std::string> line = store::DescribeRecord(
        cf, key, value, cf == store::Cf::kClaims ? text : std::string_view());
    if (line.ok()) {
      std::cout << *line << '\n';
    } else {
      ++tally->bad;
      std::cout << name << " ?? " << line.status().ToString()
                << " key=" << store::HexBytes(key)
                << " value=" << store::HexBytes(value) << '\n';
    }
    if (flags.raw && line.ok()) {
      std::cout << "  key=" << store::HexBytes(key)
                << " value=" << store::HexBytes(value) << '\n';
    }
    return static_cast<bool>(std::cout);
  });
}

}  // namespace

Status RunKv(const std::vector<std::string>& args) {
  KvFlags flags;
  po::options_description desc = KvOptionsDescription(&flags);
  po::options_description hidden;
  hidden.add_options()("action", po::value(&flags.action));
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description positional;
  positional.add("action", 1);
  po::variables_map vm;
  RETURN_IF_ERROR(ParseFlags(args, all, positional, "kv", &vm));
  if (flags.help) {
    std::cout << desc << "\n";
    return Status::Ok();
  }
  if (flags.action != "dump") {
    return Status::InvalidArgument(
        flags.action.empty() ? std::string("say what to do: 'kv dump'")
                             : "unknown kv action \"" + flags.action +
                                   "\" (the one action is 'dump')");
  }
  if (flags.limit < 0) return Status::InvalidArgument("--limit must be >= 0");
  std::vector<store::Cf> families;
  for (size_t i = 0; i < store::kCfCount; ++i) {
    const auto cf = static_cast<store::Cf>(i);
    if (flags.cf.empty() || flags.cf == store::CfName(cf)) {
      families.push_back(cf);
    }
  }
  if (families.empty()) {
    return Status::InvalidArgument("no column family \"" + flags.cf +
                                   "\" (see 'claimtrack kv --help')");
  }

  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                   OpenForReading(flags.db));
  Tally tally;
  for (store::Cf cf : families) {
    RETURN_IF_ERROR(DumpFamily(store->db(), cf, flags, &tally));
  }
  std::cout.flush();
  if (!std::cout) return Status::IOError("writing to standard output failed");
  if (tally.bad > 0) {
    return Status::Corruption(std::to_string(tally.bad) + " of " +
                              std::to_string(tally.records) +
                              " records did not decode");
  }
  return Status::Ok();
}

}  // namespace claimtrack::cli

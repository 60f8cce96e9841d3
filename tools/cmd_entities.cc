// claimtrack entities: the database's entities with their kind, aliases,
// titles, affiliations, claim count and first and last statement dates.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.h"
#include "flags.h"
#include "store_flags.h"

namespace claimtrack::cli {

namespace {

namespace po = boost::program_options;

std::string Join(const std::vector<std::string>& items, size_t max_items) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < max_items; ++i) {
    if (i) out += "; ";
    out += items[i];
  }
  if (items.size() > max_items) out += "; …";
  return out;
}

void PrintTable(const std::vector<store::EntitySummary>& rows) {
  std::printf("%-16s  %-12s  %-28s  %6s  %6s  %6s  %-10s  %-10s  %s\n", "id",
              "kind", "name", "claims", "+affil", "named", "first", "last",
              "aliases | titles | affiliations");
  for (const store::EntitySummary& e : rows) {
    std::string tail = Join(e.aliases, 4);
    if (!e.titles.empty()) tail += " | " + Join(e.titles, 2);
    if (!e.affiliations.empty()) tail += " | " + Join(e.affiliations, 2);
    std::string kind = SpeakerKindName(e.record.kind);
    if (e.record.scope_doc != 0) kind += "*";
    std::printf("%-16s  %-12s  %-28s  %6llu  %6llu  %6llu  %-10s  %-10s  %s\n",
                store::HexId(e.id).c_str(), kind.c_str(),
                e.record.display_name.c_str(),
                static_cast<unsigned long long>(e.claims),
                static_cast<unsigned long long>(e.affiliated_claims),
                static_cast<unsigned long long>(e.mentions),
                e.first_date.empty() ? "-" : e.first_date.c_str(),
                e.last_date.empty() ? "-" : e.last_date.c_str(), tail.c_str());
  }
  std::printf(
      "%zu entities (claims: as speaker; +affil: by its officials and bodies; "
      "named: claims that mention it; * = known in one document only)\n",
      rows.size());
}

void PrintJsonLines(const std::vector<store::EntitySummary>& rows) {
  for (const store::EntitySummary& e : rows) {
    nlohmann::json j = {
        {"id", store::HexId(e.id)},
        {"kind", SpeakerKindName(e.record.kind)},
        {"name", e.record.display_name},
        {"global", e.record.scope_doc == 0},
        {"aliases", e.aliases},
        {"titles", e.titles},
        {"affiliations", e.affiliations},
        {"claims", e.claims},
        {"affiliated_claims", e.affiliated_claims},
        {"mentions", e.mentions},
        {"first_date", e.first_date.empty() ? nlohmann::json()
                                            : nlohmann::json(e.first_date)},
        {"last_date",
         e.last_date.empty() ? nlohmann::json() : nlohmann::json(e.last_date)},
    };
    if (e.record.descriptor) {
      j["descriptor"] = {{"rank", e.record.descriptor->rank},
                         {"domain", e.record.descriptor->domain},
                         {"affiliation", e.record.descriptor->affiliation},
                         {"plural", e.record.descriptor->plural}};
    }
    std::cout << j.dump(-1, ' ', false,
                        nlohmann::json::error_handler_t::replace)
              << '\n';
  }
}

}  // namespace

Status RunEntities(const std::vector<std::string>& args) {
  std::string db, match, format;
  bool help = false, all = false;
  po::options_description options("options");
  options.add_options()("help,h", po::bool_switch(&help), "print this help");
  AddDbFlag(&options, &db);
  options.add_options()("match", po::value(&match)->value_name("TEXT"),
                        "only entities with a name or alias containing TEXT")(
      "all", po::bool_switch(&all),
      "include entities that are only mentioned, never speakers")(
      "format,f", po::value(&format),
      "table or jsonl (default: table on a terminal, else jsonl)");
  po::variables_map vm;
  RETURN_IF_ERROR(ParseFlags(
      args, options, po::positional_options_description(), "entities", &vm));
  if (help) {
    std::cout << "usage: claimtrack entities [--db DIR] [--match TEXT] [--all] "
                 "[--format table|jsonl]\n\n"
                 "Lists entities with their kind, claims (as speaker, by "
                 "their officials and\nbodies, and naming them), first and "
                 "last statement dates, aliases, titles\nand affiliations; "
                 "most claims first.\n\n"
              << options;
    return Status::Ok();
  }
  if (format.empty()) format = isatty(STDOUT_FILENO) ? "table" : "jsonl";
  if (format != "table" && format != "jsonl") {
    return Status::InvalidArgument("--format must be table or jsonl");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store, OpenForReading(db));
  ASSIGN_OR_RETURN(std::vector<store::EntitySummary> rows,
                   store->Entities(match));
  if (!all) {
    std::erase_if(rows, [](const store::EntitySummary& e) {
      return e.claims == 0 && e.affiliated_claims == 0;
    });
  }
  if (format == "table") {
    PrintTable(rows);
  } else {
    PrintJsonLines(rows);
  }
  std::cout.flush();
  return std::cout ? Status::Ok() : Status::IOError("writing to stdout failed");
}

}  // namespace claimtrack::cli

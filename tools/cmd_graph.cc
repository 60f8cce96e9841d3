// claimtrack graph: one entity's part of the knowledge graph (its claims,
// their speakers, mentions, documents and links) as GraphML or DOT.
#include <spdlog/spdlog.h>

#include <boost/program_options.hpp>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "flags.h"
#include "query/entity_lookup.h"
#include "store/graph_view.h"
#include "store_flags.h"

namespace claimtrack::cli {

namespace {

namespace po = boost::program_options;

struct GraphFlags {
  std::string db;
  std::string entity;
  std::string format = "graphml";
  std::string from, to;
  std::string out;
  long long max_claims = 1000;
  int depth = 1;
  bool mentions = false;
  bool help = false;
};

po::options_description GraphOptionsDescription(GraphFlags* flags) {
  po::options_description desc(
      "usage: claimtrack graph --entity NAME_OR_ID [options]\n\n"
      "Writes the subgraph around one entity: the claims it holds (as the\n"
      "speaker, or as the organization or country the speaker speaks for),\n"
      "each with its speaker, the entities it mentions, its document and the\n"
      "claims it repeats or follows on the same subject, and the entity's\n"
      "affiliations. NAME is matched against the aliases the database has\n"
      "seen (case and a leading \"the\" ignored); when several entities share\n"
      "it, the one with the most claims is taken, global entities before\n"
      "those of one document; a tie is an error that lists them with their\n"
      "ids. A 16-hex-digit argument is an entity id, as 'claimtrack\n"
      "entities' prints it.\n\n"
      "options");
  desc.add_options()("help,h", po::bool_switch(&flags->help),
                     "describe the flags");
  AddDbFlag(&desc, &flags->db);
  desc.add_options()("entity,e",
                     po::value(&flags->entity)->value_name("NAME_OR_ID"),
                     "the entity (required)")(
      "format,f", po::value(&flags->format)->value_name("FORMAT"),
      "graphml (default) or dot")(
      "from", po::value(&flags->from)->value_name("DATE"),
      "only claims made on or after DATE (YYYY-MM-DD)")(
      "to", po::value(&flags->to)->value_name("DATE"),
      "only claims made on or before DATE (YYYY-MM-DD)")(
      "max-claims", po::value(&flags->max_claims)->value_name("N"),
      "at most N claims, the most recent (default 1000; 0: all)")(
      "mentions", po::bool_switch(&flags->mentions),
      "also the claims that mention the entity")(
      "depth", po::value(&flags->depth)->value_name("N"),
      "also the claims of the entities N-1 steps away (default 1)")(
      "out,o", po::value(&flags->out)->value_name("FILE"),
      "write to FILE instead of standard output");
  return desc;
}

Status ParseGraphFlags(const std::vector<std::string>& args, GraphFlags* flags,
                       store::GraphOptions* options) {
  po::options_description desc = GraphOptionsDescription(flags);
  po::positional_options_description positional;
  po::variables_map vm;
  RETURN_IF_ERROR(ParseFlags(args, desc, positional, "graph", &vm));
  if (flags->help) {
    std::cout << desc << "\n";
    return Status::Ok();
  }
  if (flags->entity.empty()) {
    return Status::InvalidArgument("--entity is required");
  }
  if (flags->format != "graphml" && flags->format != "dot") {
    return Status::InvalidArgument("--format must be graphml or dot, not \"" +
                                   flags->format + "\"");
  }
  if (flags->max_claims < 0) {
    return Status::InvalidArgument("--max-claims must be >= 0");
  }
  if (flags->depth < 1 || flags->depth > 4) {
    return Status::InvalidArgument("--depth must be between 1 and 4");
  }
  if (!flags->from.empty()) {
    ASSIGN_OR_RETURN(options->from,
                     store::ParseDateBound(flags->from, "--from"));
  }
  if (!flags->to.empty()) {
    ASSIGN_OR_RETURN(options->to, store::ParseDateBound(flags->to, "--to"));
  }
  options->max_claims = static_cast<size_t>(flags->max_claims);
  options->depth = flags->depth;
  options->mentions = flags->mentions;
  return Status::Ok();
}

Status Write(const store::GraphView& view, const std::string& format,
             std::ostream& out) {
  return format == "dot" ? store::WriteDot(view, out)
                         : store::WriteGraphml(view, out);
}

}  // namespace

Status RunGraph(const std::vector<std::string>& args) {
  GraphFlags flags;
  store::GraphOptions options;
  RETURN_IF_ERROR(ParseGraphFlags(args, &flags, &options));
  if (flags.help) return Status::Ok();

  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> store,
                   OpenForReading(flags.db));
  ASSIGN_OR_RETURN(const uint64_t id,
                   query::ResolveEntity(store->db(), flags.entity, "--entity"));
  ASSIGN_OR_RETURN(const store::GraphView view,
                   store::LoadEntityGraph(store->db(), id, options));
  if (view.truncated) {
    spdlog::warn(
        "the graph was cut at {} claims (--max-claims) or {} affiliations "
        "of an entity; narrow it with --from/--to",
        options.max_claims, options.max_affiliated);
  }
  if (flags.out.empty()) {
    RETURN_IF_ERROR(Write(view, flags.format, std::cout));
    std::cout.flush();
    return std::cout ? Status::Ok()
                     : Status::IOError("writing to standard output failed");
  }
  std::ofstream file(flags.out, std::ios::binary | std::ios::trunc);
  if (!file) return Status::IOError("cannot create " + flags.out);
  RETURN_IF_ERROR(Write(view, flags.format, file).WithContext(flags.out));
  file.close();
  if (!file) return Status::IOError("writing " + flags.out + " failed");
  return Status::Ok();
}

}  // namespace claimtrack::cli

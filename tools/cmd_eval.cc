// `claimtrack eval`: scores the extractor against a gold file. The format and
// the metric are specified in include/claimtrack/eval.h.
#include <boost/program_options.hpp>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "claimtrack/eval.h"
#include "claimtrack/extractor.h"
#include "commands.h"
#include "flags.h"
#include "text/lexicon.h"

namespace claimtrack::cli {

namespace {

namespace po = boost::program_options;
using Clock = std::chrono::steady_clock;

struct EvalFlags {
  std::string gold;
  std::string lexicon;
  std::string dump_errors;
  long long limit = 0;
  bool json = false;
  bool help = false;
};

po::options_description EvalOptionsDescription(EvalFlags* flags) {
  po::options_description desc(
      "usage: claimtrack eval --gold FILE.jsonl [options]\n\n"
      "Runs the extractor over every article of a gold file (the unified\n"
      "gold format, one line per article scored) and reports precision,\n"
      "recall and F1 of the attributions it finds, with source and cue\n"
      "accuracy over the matched ones.\n\noptions");
  desc.add_options()("help,h", po::bool_switch(&flags->help),
                     "describe the flags")(
      "gold", po::value(&flags->gold)->value_name("FILE"),
      "gold attributions, JSON Lines (required)")(
      "json", po::bool_switch(&flags->json),
      "print one JSON object instead of tables")(
      "lexicon", po::value(&flags->lexicon)->value_name("DIR"),
      "load the lexicon files of DIR instead of the built-in ones")(
      "limit", po::value(&flags->limit)->value_name("N"),
      "score only the first N articles")(
      "dump-errors", po::value(&flags->dump_errors)->value_name("FILE"),
      "write unmatched gold and predictions per article to FILE (JSONL)");
  return desc;
}

Status ParseEvalFlags(const std::vector<std::string>& args, EvalFlags* flags,
                      po::options_description* desc) {
  po::variables_map vm;
  RETURN_IF_ERROR(ParseFlags(args, *desc, po::positional_options_description(),
                             "eval", &vm));
  if (flags->help) return Status::Ok();
  if (flags->gold.empty()) return Status::InvalidArgument("--gold is required");
  if (flags->limit < 0) return Status::InvalidArgument("--limit must be >= 0");
  return Status::Ok();
}

// Drops ASCII punctuation and white space, and U+00A0, at both edges.
std::string_view TrimPunctuation(std::string_view s) {
  constexpr std::string_view kNbsp = "\u00A0";
  auto ascii_edge = [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x80 && (std::ispunct(u) || std::isspace(u));
  };
  while (!s.empty()) {
    if (ascii_edge(s.front())) {
      s.remove_prefix(1);
    } else if (s.starts_with(kNbsp)) {
      s.remove_prefix(kNbsp.size());
    } else {
      break;
    }
  }
  while (!s.empty()) {
    if (ascii_edge(s.back())) {
      s.remove_suffix(1);
    } else if (s.ends_with(kNbsp)) {
      s.remove_suffix(kNbsp.size());
    } else {
      break;
    }
  }
  return s;
}

// A cue is a speech verb when the lexicon classes it as speech, trying the
// whole cue and then its last word ("has said" -> "said"), lowercased and
// without the punctuation and spaces at its edges ("said:" -> "said").
CuePredicate SpeechCues(const text::Lexicon& lexicon) {
  return [&lexicon](std::string_view cue) {
    std::string lower(TrimPunctuation(cue));
    for (char& c : lower) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    auto is_speech = [&](std::string_view phrase) {
      return !phrase.empty() &&
             lexicon.CueClassOf(phrase) == text::CueClass::kSpeech;
    };
    if (is_speech(lower)) return true;
    const size_t space = lower.find_last_of(" \t\n");
    return space != std::string::npos &&
           is_speech(
               TrimPunctuation(std::string_view(lower).substr(space + 1)));
  };
}

// ------------------------------------------------------------------ output

constexpr const char* kSubsetNames[] = {"all", "speech", "direct", "indirect"};

const SubsetScores& Subset(const EvalScores& scores, int i) {
  const SubsetScores* subsets[] = {&scores.all, &scores.speech, &scores.direct,
                                   &scores.indirect};
  return *subsets[i];
}

std::string Format(const char* format, auto... values) {
  char buffer[256];
  std::snprintf(buffer, sizeof(buffer), format, values...);
  return buffer;
}

std::string Ratio(int64_t part, int64_t whole) {
  return std::to_string(part) + "/" + std::to_string(whole);
}

void PrintTables(const EvalReport& report, const EvalFlags& flags,
                 double read_s, double eval_s) {
  const EvalScores& s = report.scores;
  std::cout << "gold: " << flags.gold << "\n"
            << "articles scored: " << report.articles << " (" << report.lines
            << " lines read, " << report.duplicate_lines
            << " repeated annotations skipped)\n"
            << Format(
                   "time: %.2f s (reading %.2f s, extracting and scoring "
                   "%.2f s)\n",
                   read_s + eval_s, read_s, eval_s)
            << "gold attributions: " << s.all.loose.gold << " scored, "
            << s.all.gold_without_source << " without source, "
            << s.gold_without_content << " without content (not scored)\n"
            << "predicted claims: " << s.all.loose.predicted << " (matched at "
            << kLooseOverlap << " / predicted: direct "
            << Ratio(s.matched_by_type[0], s.predicted_by_type[0])
            << ", indirect "
            << Ratio(s.matched_by_type[1], s.predicted_by_type[1]) << ", mixed "
            << Ratio(s.matched_by_type[2], s.predicted_by_type[2]) << ")\n\n";

  std::cout << Format("%-9s %-13s %6s %6s %6s %13s %13s\n", "subset", "match",
                      "P", "R", "F1", "pred matched", "gold matched");
  for (int i = 0; i < 4; ++i) {
    const SubsetScores& sub = Subset(s, i);
    const std::pair<const char*, const PrfCounts*> rows[] = {
        {"overlap>=0.3", &sub.loose},
        {"overlap>=0.8", &sub.strict},
        {"exact", &sub.exact}};
    for (const auto& [name, c] : rows) {
      std::cout << Format("%-9s %-13s %6.3f %6.3f %6.3f %13s %13s\n",
                          c == &sub.loose ? kSubsetNames[i] : "", name,
                          c->Precision(), c->Recall(), c->F1(),
                          Ratio(c->predicted_matched, c->predicted).c_str(),
                          Ratio(c->gold_matched, c->gold).c_str());
    }
  }

  std::cout << "\naccuracy over the pairs matched at overlap>=0.3\n"
            << Format("%-9s %6s %13s %6s %13s %17s\n", "subset", "source",
                      "correct", "cue", "correct", "matched w/o src");
  for (int i = 0; i < 4; ++i) {
    const SubsetScores& sub = Subset(s, i);
    std::cout << Format(
        "%-9s %6.3f %13s %6.3f %13s %17s\n", kSubsetNames[i], sub.source.Rate(),
        Ratio(sub.source.correct, sub.source.total).c_str(), sub.cue.Rate(),
        Ratio(sub.cue.correct, sub.cue.total).c_str(),
        Ratio(sub.matched_gold_without_source, sub.gold_without_source)
            .c_str());
  }
  if (!flags.dump_errors.empty()) {
    std::cout << "\nerrors of " << report.errors.size()
              << " articles written to " << flags.dump_errors << "\n";
  }
}

nlohmann::json PrfJson(const PrfCounts& c) {
  return {{"precision", c.Precision()},
          {"recall", c.Recall()},
          {"f1", c.F1()},
          {"predicted", c.predicted},
          {"predicted_matched", c.predicted_matched},
          {"gold", c.gold},
          {"gold_matched", c.gold_matched}};
}

nlohmann::json AccuracyJson(const AccuracyCounts& c) {
  return {{"rate", c.Rate()}, {"correct", c.correct}, {"total", c.total}};
}

void PrintJson(const EvalReport& report, const EvalFlags& flags, double read_s,
               double eval_s) {
  const EvalScores& s = report.scores;
  nlohmann::json subsets = nlohmann::json::object();
  for (int i = 0; i < 4; ++i) {
    const SubsetScores& sub = Subset(s, i);
    subsets[kSubsetNames[i]] = {
        {"overlap_0.3", PrfJson(sub.loose)},
        {"overlap_0.8", PrfJson(sub.strict)},
        {"exact", PrfJson(sub.exact)},
        {"source_accuracy", AccuracyJson(sub.source)},
        {"cue_accuracy", AccuracyJson(sub.cue)},
        {"gold_without_source", sub.gold_without_source},
        {"matched_gold_without_source", sub.matched_gold_without_source}};
  }
  nlohmann::json by_type = nlohmann::json::object();
  for (int t = 0; t < 3; ++t) {
    by_type[ClaimTypeName(static_cast<ClaimType>(t))] = {
        {"predicted", s.predicted_by_type[t]},
        {"matched", s.matched_by_type[t]}};
  }
  nlohmann::json out = {{"gold", flags.gold},
                        {"articles", report.articles},
                        {"lines", report.lines},
                        {"duplicate_lines", report.duplicate_lines},
                        {"seconds", read_s + eval_s},
                        {"read_seconds", read_s},
                        {"eval_seconds", eval_s},
                        {"gold_without_content", s.gold_without_content},
                        {"subsets", subsets},
                        {"predicted_by_type", by_type}};
  if (!flags.dump_errors.empty()) out["errors_file"] = flags.dump_errors;
  std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
}

double Seconds(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace

Status RunEval(const std::vector<std::string>& args) {
  EvalFlags flags;
  po::options_description desc = EvalOptionsDescription(&flags);
  RETURN_IF_ERROR(ParseEvalFlags(args, &flags, &desc));
  if (flags.help) {
    std::cout << desc << "\n";
    return Status::Ok();
  }

  ASSIGN_OR_RETURN(std::unique_ptr<Extractor> extractor,
                   Extractor::Create(flags.lexicon));
  EvalOptions options;
  options.limit = static_cast<size_t>(flags.limit);
  options.is_speech_cue = SpeechCues(extractor->lexicon());
  options.keep_errors = !flags.dump_errors.empty();

  const Clock::time_point start = Clock::now();
  ASSIGN_OR_RETURN(GoldSet gold, ReadGold(flags.gold, options.limit));
  const Clock::time_point read = Clock::now();
  EvalReport report = Evaluate(
      gold, [&](const Document& doc) { return extractor->Extract(doc); },
      options);
  const Clock::time_point done = Clock::now();

  if (options.keep_errors) {
    RETURN_IF_ERROR(WriteErrorDump(flags.dump_errors, report.errors));
  }
  if (flags.json) {
    PrintJson(report, flags, Seconds(start, read), Seconds(read, done));
  } else {
    PrintTables(report, flags, Seconds(start, read), Seconds(read, done));
  }
  return Status::Ok();
}

}  // namespace claimtrack::cli

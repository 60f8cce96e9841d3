#include "query/stance.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>

namespace claimtrack::query {

namespace {

struct Item {
  StanceClass cls;
  size_t first, last;  // word indexes, inclusive
};

const struct {
  std::string_view name;
  StanceClass cls;
} kClasses[] = {
    {"act", StanceClass::kAct},
    {"undo", StanceClass::kUndo},
    {"for", StanceClass::kFor},
    {"against", StanceClass::kAgainst},
    {"hedge", StanceClass::kHedge},
    {"negation", StanceClass::kNegation},
    {"modality", StanceClass::kModality},
    {"condition", StanceClass::kCondition},
};

const char* RoleOf(StanceClass cls) {
  switch (cls) {
    case StanceClass::kNegation:
      return "negation";
    case StanceClass::kModality:
      return "modality";
    case StanceClass::kCondition:
      return "condition";
    default:
      return "cue";
  }
}

Position Flip(Position p) {
  if (p == Position::kSupports) return Position::kOpposes;
  if (p == Position::kOpposes) return Position::kSupports;
  if (p == Position::kHedges) return Position::kOpposes;  // not considering
  return p;
}

bool Decided(Position p) {
  return p == Position::kSupports || p == Position::kOpposes;
}

// Applies an operator met before the decisive word; returns whether it
// changed or set the value (and so counts as evidence).
bool Apply(StanceClass cls, Position* value) {
  Position before = *value;
  switch (cls) {
    case StanceClass::kFor:
      if (*value == Position::kNeutral) *value = Position::kSupports;
      return *value != before || Decided(*value);
    case StanceClass::kAgainst:
      *value = *value == Position::kNeutral ? Position::kOpposes : Flip(*value);
      if (before == Position::kHedges) *value = Position::kHedges;
      return true;
    case StanceClass::kNegation:
      *value = Flip(*value);
      break;
    case StanceClass::kHedge:
      *value = Position::kHedges;
      return true;
    case StanceClass::kModality:
      if (Decided(*value)) *value = Position::kHedges;
      break;
    default:
      break;
  }
  return *value != before;
}

// The position of words[begin, end) (one clause).
StanceResult ClassifyClause(const std::vector<Word>& words,
                            const std::vector<Item>& items,
                            const std::vector<bool>& subject, size_t begin,
                            size_t end) {
  StanceResult result;
  std::vector<size_t> subject_at;
  for (size_t i = begin; i < end; ++i) {
    if (i < subject.size() && subject[i]) subject_at.push_back(i);
  }
  std::vector<const Item*> in_clause;
  for (const Item& item : items) {
    if (item.first >= begin && item.last < end) in_clause.push_back(&item);
  }
  // The decisive word: the act/undo nearest a subject word (the one before
  // on a tie), else the last one.
  std::optional<size_t> core;
  size_t best = SIZE_MAX;
  for (size_t k = 0; k < in_clause.size(); ++k) {
    const Item& item = *in_clause[k];
    if (item.cls != StanceClass::kAct && item.cls != StanceClass::kUndo) {
      continue;
    }
    if (subject_at.empty()) {
      core = k;
      continue;
    }
    for (size_t s : subject_at) {
      if (s >= item.first && s <= item.last) continue;  // "retaliation"
      size_t d = s > item.last ? 2 * (s - item.last) - 1 : 2 * (item.first - s);
      if (d < best) {
        best = d;
        core = k;
      }
    }
    if (!core && subject_at.size() == 1 && subject_at[0] >= item.first &&
        subject_at[0] <= item.last) {
      core = k;  // the subject word is itself the act ("retaliation")
    }
  }
  Position value = Position::kNeutral;
  std::vector<const Item*> used;
  size_t from = in_clause.size();  // operators are the items before this
  if (core) {
    const Item& c = *in_clause[*core];
    value =
        c.cls == StanceClass::kAct ? Position::kSupports : Position::kOpposes;
    used.push_back(&c);
    from = *core;
  }
  // A condition after the decisive word applies last, to the whole: "we
  // don't want to take retaliatory action if we don't have to" hedges.
  const Item* condition = nullptr;
  if (core) {
    for (size_t k = *core + 1; k < in_clause.size(); ++k) {
      if (in_clause[k]->cls == StanceClass::kCondition) {
        condition = in_clause[k];
        break;
      }
    }
  }
  for (size_t k = from; k-- > 0;) {
    const Item& op = *in_clause[k];
    if (op.cls == StanceClass::kCondition) continue;
    // An act or undo before the decisive one governs it as an operator:
    // "back away from his plan to impose tariffs" undoes the imposing.
    StanceClass as = op.cls == StanceClass::kAct    ? StanceClass::kFor
                     : op.cls == StanceClass::kUndo ? StanceClass::kAgainst
                                                    : op.cls;
    if (!core &&
        (op.cls == StanceClass::kAct || op.cls == StanceClass::kUndo)) {
      continue;
    }
    if (Apply(as, &value)) used.push_back(&op);
  }
  if (condition && Decided(value)) {
    value = Position::kHedges;
    used.push_back(condition);
  }
  result.position = value;
  if (value == Position::kNeutral) return result;
  for (auto it = used.rbegin(); it != used.rend(); ++it) {
    const Item& item = **it;
    StanceEvidence e;
    e.span = {words[item.first].span.begin, words[item.last].span.end};
    e.role = RoleOf(item.cls);
    result.evidence.push_back(std::move(e));
  }
  std::sort(result.evidence.begin(), result.evidence.end(),
            [](const StanceEvidence& a, const StanceEvidence& b) {
              return a.span.begin < b.span.begin;
            });
  return result;
}

}  // namespace

Result<std::unique_ptr<StanceLexicon>> StanceLexicon::Builtin() {
  ASSIGN_OR_RETURN(std::string_view text, EmbeddedDataFile("stance.tsv"));
  return Parse("stance.tsv", text);
}

Result<std::unique_ptr<StanceLexicon>> StanceLexicon::Parse(
    std::string_view name, std::string_view text) {
  auto lexicon = std::unique_ptr<StanceLexicon>(new StanceLexicon());
  RETURN_IF_ERROR(ForEachDataLine(
      name, text,
      [&](std::string_view line, const std::string& where) -> Status {
        size_t tab = line.find('\t');
        if (tab == std::string_view::npos ||
            line.find('\t', tab + 1) != std::string_view::npos) {
          return Status::InvalidArgument(where + "expected phrase<TAB>class");
        }
        std::string_view phrase = line.substr(0, tab),
                         cls = line.substr(tab + 1);
        std::optional<StanceClass> found;
        for (const auto& c : kClasses) {
          if (c.name == cls) found = c.cls;
        }
        if (!found) {
          return Status::InvalidArgument(
              where + "unknown class \"" + std::string(cls) +
              "\" (act, undo, for, against, hedge, negation, modality, "
              "condition)");
        }
        std::vector<Word> words = SplitWords(phrase);
        if (words.empty() || words.size() > PhraseMatcher::kMaxPhraseWords) {
          return Status::InvalidArgument(
              where + "a phrase has 1 to " +
              std::to_string(PhraseMatcher::kMaxPhraseWords) + " words");
        }
        // Phrases match on stems: "provided" and "provide" are one phrase.
        int previous = lexicon->phrases_.Find(phrase);
        if (previous >= 0 && previous != static_cast<int>(*found)) {
          return Status::InvalidArgument(
              where + "\"" + std::string(phrase) +
              "\" has the stems of a phrase listed above as " +
              std::string(kClasses[previous].name));
        }
        lexicon->phrases_.Add(phrase, static_cast<int>(*found));
        return Status::Ok();
      }));
  return lexicon;
}

size_t StanceLexicon::PhraseAt(const std::vector<Word>& words, size_t pos,
                               StanceClass* cls) const {
  int value = 0;
  size_t n = phrases_.Longest(words, pos, &value);
  if (n > 0) *cls = static_cast<StanceClass>(value);
  return n;
}

StanceResult StanceLexicon::Classify(const std::vector<Word>& words,
                                     const std::vector<bool>& subject) const {
  std::vector<Item> items;
  for (size_t i = 0; i < words.size();) {
    int value = 0;
    size_t n = phrases_.Longest(words, i, &value);
    if (n == 0) {
      const std::string& w = words[i].lower;
      if (w.size() > 3 && w.compare(w.size() - 3, 3, "n't") == 0) {
        items.push_back({StanceClass::kNegation, i, i});
      }
      ++i;
      continue;
    }
    items.push_back({static_cast<StanceClass>(value), i, i + n - 1});
    i += n;
  }
  // Clauses: [begin, end) between breaks; those naming the subject first
  // (all of them when none does).
  std::vector<std::pair<size_t, size_t>> clauses, named;
  size_t begin = 0;
  for (size_t i = 0; i <= words.size(); ++i) {
    if (i == words.size() || words[i].clause_break) {
      if (i > begin) clauses.push_back({begin, i});
      begin = i + 1;
    }
  }
  for (const auto& [b, e] : clauses) {
    for (size_t i = b; i < e; ++i) {
      if (i < subject.size() && subject[i]) {
        named.push_back({b, e});
        break;
      }
    }
  }
  for (const auto& [b, e] : named.empty() ? clauses : named) {
    StanceResult r = ClassifyClause(words, items, subject, b, e);
    if (r.position != Position::kNeutral) return r;
  }
  return StanceResult();
}

}  // namespace claimtrack::query

// The extraction pipeline: tokenize, segment, find quotations, attribute,
// resolve speakers, date statements, find what the contents mention, and
// build Claim records with byte spans.
#include "claimtrack/extractor.h"

#include <algorithm>

#include "common/hash.h"
#include "text/attributor.h"
#include "text/date_resolver.h"
#include "text/lexicon.h"
#include "text/mentions.h"
#include "text/quotes.h"
#include "text/resolver.h"
#include "text/segmenter.h"
#include "text/tokenizer.h"

namespace claimtrack {

using text::Attribution;
using text::TokenRange;

Extractor::Extractor(std::unique_ptr<text::Lexicon> lexicon)
    : lexicon_(std::move(lexicon)) {}

Extractor::~Extractor() = default;

Result<std::unique_ptr<Extractor>> Extractor::Create(
    const std::string& lexicon_dir) {
  auto lexicon = lexicon_dir.empty()
                     ? text::Lexicon::Builtin()
                     : text::Lexicon::FromDirectory(lexicon_dir);
  if (!lexicon.ok()) return lexicon.status();
  return std::unique_ptr<Extractor>(new Extractor(std::move(lexicon).value()));
}

namespace {

// The statement's own date when its sentence names one, else the
// document's date.
StatementDate DateOf(const Document& doc, Span sentence, uint32_t near,
                     const std::optional<text::CivilDate>& doc_date,
                     const std::string& doc_basis) {
  StatementDate date;
  auto expr = text::FindDateExpression(doc.text, sentence, near, doc_date);
  if (expr) {
    date.expr = expr->span;
    if (expr->resolved) date.resolved = expr->resolved->ToIso();
    date.basis = expr->basis;
    if (!date.resolved.empty() || !doc_date) return date;
  }
  if (doc_date) {
    if (!expr) date.resolved = doc_date->ToIso();
    if (date.basis.empty()) date.basis = doc_basis;
  }
  return date;
}

// Where the statement's own date may be written: around the source and cue
// ("Austin said Tuesday that", "Stoltenberg said during his visit here
// Monday"), not inside the content ("we deployed assets last year").
Span DateWindow(const Claim& c, Span sentence) {
  if (!c.cue) return {c.content[0].begin, c.content[0].begin};
  uint32_t begin = c.cue->begin, end = c.cue->end + 60;
  if (c.source) {
    // "came a day after Stoltenberg urged": just before the source too.
    begin = std::min(begin, c.source->begin > 16 ? c.source->begin - 16 : 0);
    end = std::max(end, c.source->end + 60);
  }
  for (const Span& content : c.content) {
    if (content.begin >= c.cue->end) end = std::min(end, content.begin);
    if (content.end <= begin) continue;
  }
  begin = std::max(begin, sentence.begin);
  end = std::min(end, sentence.end);
  return {begin, std::max(begin, end)};
}

// "Lee's remarks Tuesday came a day after Stoltenberg urged ...": a date
// relative to another event resolves against the latest earlier claim with
// a date of its own. "a day after X" puts X the day before that claim,
// "a day before X" the day after.
void ResolveEventRelativeDates(std::string_view text,
                               std::vector<Claim>* claims) {
  const std::string_view kRelative = "relative to another event";
  for (size_t k = 0; k < claims->size(); ++k) {
    Claim& c = (*claims)[k];
    if (!c.date.expr || !c.date.resolved.empty() || c.date.basis != kRelative) {
      continue;
    }
    std::string_view expr = c.date.expr->In(text);
    int offset = 0;
    if (expr.find("after") != std::string_view::npos) offset = -1;
    if (expr.find("before") != std::string_view::npos) offset = 1;
    if (offset == 0) continue;
    for (size_t j = k; j-- > 0;) {
      const StatementDate& ref = (*claims)[j].date;
      if (!ref.expr || ref.resolved.empty()) continue;
      auto date = text::CivilDate::ParseIso(ref.resolved);
      if (!date) break;
      c.date.resolved = date->AddDays(offset).ToIso();
      c.date.basis = std::string(offset < 0 ? "day before" : "day after") +
                     " the statement dated by \"" +
                     std::string(ref.expr->In(text)) + "\"";
      break;
    }
  }
}

// The country a dateline's place is in ("SEOUL", "Washington"), if the
// gazetteer knows the place as a country or its capital; else empty.
std::string PlaceCountry(std::string_view place, const text::Lexicon& lex) {
  while (!place.empty() && place.back() == ' ') place.remove_suffix(1);
  while (!place.empty() && place.front() == ' ') place.remove_prefix(1);
  if (place.size() < 3) return "";
  const int value = lex.places().Find(place);
  if (value < 0) return "";
  const text::PlaceRef& ref = lex.place_ref(value);
  if (ref.kind != text::PlaceRef::kCountryName &&
      ref.kind != text::PlaceRef::kCapital) {
    return "";
  }
  return lex.countries()[ref.index].name;
}

// The country of the article's dateline. First the input's own dateline
// field ("WASHINGTON, March 3 -": the place is what comes before the first
// comma or dash); else a paragraph in the first 3,000 bytes of the text
// opening with a place in capitals followed by a dash or a comma ("SEOUL
// —", "WASHINGTON, March 3 -"). Empty when there is none.
std::string DatelineCountry(const Document& doc, const text::Lexicon& lex) {
  if (!doc.dateline.empty()) {
    std::string_view field = doc.dateline;
    size_t end = field.find_first_of(",-");
    // Dashes written as U+2014 and U+2013 start with E2 80.
    end = std::min(end, field.find("\xE2\x80"));
    std::string country = PlaceCountry(field.substr(0, end), lex);
    if (!country.empty()) return country;
  }
  std::string_view text = doc.text;
  const size_t limit = std::min<size_t>(text.size(), 3000);
  for (size_t start = 0; start < limit;) {
    size_t i = start;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    size_t end = i;
    while (end < text.size() && end - i < 30 &&
           ((text[end] >= 'A' && text[end] <= 'Z') || text[end] == ' ' ||
            text[end] == '.')) {
      ++end;
    }
    std::string_view place = text.substr(i, end - i);
    while (!place.empty() && place.back() == ' ') place.remove_suffix(1);
    std::string_view after = text.substr(i + place.size());
    bool marked = after.starts_with(" \u2014") ||
                  after.starts_with(" \u2013") || after.starts_with(" - ") ||
                  after.starts_with(" -- ") || after.starts_with(", ");
    if (marked) {
      std::string country = PlaceCountry(place, lex);
      if (!country.empty()) return country;
    }
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return "";
}

// Whether a speaker's title names a national government office
// (titles.tsv role `office`).
bool IsOfficeTitle(std::string_view title, const text::Lexicon& lex) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < title.size()) {
    size_t sp = title.find(' ', i);
    if (sp == std::string_view::npos) sp = title.size();
    if (sp > i) words.push_back(title.substr(i, sp - i));
    i = sp + 1;
  }
  for (size_t k = 0; k < words.size(); ++k) {
    int value = 0;
    if (lex.titles().Longest(words, k, &value) > 0 &&
        value == static_cast<int>(text::TitleRole::kOffice)) {
      return true;
    }
  }
  return false;
}

bool IsQuoteMark(const text::Token& t) {
  return t.kind == text::TokenKind::kOpenQuote ||
         t.kind == text::TokenKind::kCloseQuote;
}

ClaimType TypeOf(const std::vector<text::Token>& tokens,
                 const std::vector<TokenRange>& content) {
  bool all_quoted = true, any_quote = false;
  for (const TokenRange& r : content) {
    bool starts = tokens[r.first].kind == text::TokenKind::kOpenQuote &&
                  !tokens[r.first].single;
    uint32_t last = r.end - 1;
    while (last > r.first &&
           tokens[last].kind != text::TokenKind::kCloseQuote &&
           tokens[last].kind != text::TokenKind::kWord &&
           tokens[last].kind != text::TokenKind::kNumber)
      --last;
    bool ends = tokens[last].kind == text::TokenKind::kCloseQuote ||
                r.end == r.first + 1;
    // An unclosed quotation running to its paragraph's end counts as closed.
    if (!ends && starts) {
      ends = true;
      for (uint32_t i = r.first + 1; i < r.end; ++i) {
        if (IsQuoteMark(tokens[i]) && !tokens[i].single) ends = false;
      }
    }
    if (!(starts && ends)) all_quoted = false;
    for (uint32_t i = r.first; i < r.end; ++i) {
      if (IsQuoteMark(tokens[i]) && !tokens[i].single) any_quote = true;
    }
  }
  if (all_quoted) return ClaimType::kDirect;
  return any_quote ? ClaimType::kMixed : ClaimType::kIndirect;
}

}  // namespace

std::vector<Claim> Extractor::Extract(const Document& doc) const {
  const std::string_view text = doc.text;
  std::vector<text::Token> tokens = text::Tokenize(text, *lexicon_);
  std::vector<std::string_view> words;
  std::vector<uint64_t> hashes;
  words.reserve(tokens.size());
  hashes.reserve(tokens.size());
  for (const text::Token& t : tokens) {
    words.push_back(t.span.In(text));
    hashes.push_back(text::PhraseTable::TokenHash(words.back()));
  }
  text::Segmentation seg = text::Segment(text, tokens, *lexicon_);
  std::vector<text::Quote> quotes = text::FindQuotes(tokens, seg);
  text::DocumentView view{text, tokens, words, hashes, seg, quotes, *lexicon_};
  std::vector<Attribution> attrs = text::FindAttributions(view);
  std::vector<text::ResolvedSource> sources = text::ResolveSources(view, attrs);
  // Contents may name any person who speaks in the document, before or after.
  std::vector<std::string> person_names;
  for (const text::ResolvedSource& s : sources) {
    if (s.speaker.kind == SpeakerKind::kPerson && !s.speaker.name.empty()) {
      person_names.push_back(s.speaker.name);
    }
  }
  const text::MentionFinder mention_finder(view, std::move(person_names));

  // The document's date: from the input, else from the page itself.
  std::optional<text::CivilDate> doc_date = text::CivilDate::ParseIso(doc.date);
  std::string doc_basis = "document date (input)";
  if (!doc_date) {
    Span found;
    // Page headers and datelines sit in the first lines.
    doc_date = text::FindDocumentDate(text, &found, 800);
    doc_basis = "document date (found in text)";
  }

  auto span_of = [&](TokenRange r) {
    return Span{tokens[r.first].span.begin, tokens[r.end - 1].span.end};
  };
  std::vector<Claim> claims;
  claims.reserve(attrs.size());
  for (size_t k = 0; k < attrs.size(); ++k) {
    const Attribution& a = attrs[k];
    if (a.content.empty() ||
        std::any_of(a.content.begin(), a.content.end(),
                    [](const TokenRange& r) { return r.empty(); }))
      continue;  // the attributor never makes these; stay safe if it does
    Claim c;
    c.doc = doc.id;
    c.sentence = a.sentence;
    for (const TokenRange& r : a.content) {
      c.content.push_back(span_of(r));
      mention_finder.FindIn(r, &c.mentions);
    }
    c.type = TypeOf(tokens, a.content);
    if (!a.cue.empty()) c.cue = span_of(a.cue);
    if (!a.source.empty()) c.source = span_of(a.source);
    c.speaker = sources[k].speaker;
    c.anonymous = sources[k].anonymous;
    c.date =
        DateOf(doc,
               DateWindow(c, span_of({seg.sentences[a.sentence].first,
                                      seg.sentences[a.sentence].end})),
               c.cue ? c.cue->begin : c.content[0].begin, doc_date, doc_basis);
    c.id = Hex64(ClaimIdOf(doc.id, c.content));
    claims.push_back(std::move(c));
  }
  ResolveEventRelativeDates(doc.text, &claims);
  // "Defense Minister Lee Jong-sup" in a story datelined Seoul speaks for
  // South Korea.
  std::string dateline;
  bool dateline_read = false;
  for (Claim& c : claims) {
    if (c.speaker.kind != SpeakerKind::kPerson ||
        !c.speaker.affiliation.empty() ||
        !IsOfficeTitle(c.speaker.title, *lexicon_)) {
      continue;
    }
    if (!dateline_read) {
      dateline = DatelineCountry(doc, *lexicon_);
      dateline_read = true;
    }
    if (dateline.empty()) break;
    c.speaker.affiliation = dateline;
  }
  // The contract: claims in text order of their first content span (a
  // claim's content may start before that of the claim found before it,
  // as in '"...," X said' after a quotation it does not own).
  std::stable_sort(claims.begin(), claims.end(),
                   [](const Claim& a, const Claim& b) {
                     return a.content[0].begin < b.content[0].begin;
                   });
  return claims;
}

}  // namespace claimtrack

// Date expressions are found by a small scanner over word tokens rather than
// with patterns: the text is split once into alphabetic, numeric, mixed and
// punctuation tokens (O(n), UTF-8 aware), then at each token a few matchers
// look a bounded number of tokens ahead. Matching ("what was written") and
// resolution ("which day is that") are separate steps.
//
// The month and weekday names are a closed, fixed vocabulary with meaning
// attached (month number, weekday number, which spellings are ambiguous), so
// unlike the open lexicons under data/ they live in tables here.
#include "text/date_resolver.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <limits>
#include <vector>

namespace claimtrack::text {
namespace {

// ---------------------------------------------------------------- calendar

bool IsLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

std::chrono::sys_days ToSysDays(const CivilDate& d) {
  return std::chrono::sys_days(std::chrono::year(d.year) /
                               std::chrono::month(d.month) /
                               std::chrono::day(d.day));
}

// The first day of the month `months` months after d's month.
CivilDate MonthStart(const CivilDate& d, int months) {
  int index = d.year * 12 + (d.month - 1) + months;
  return CivilDate{index / 12, index % 12 + 1, 1};
}

// The same day of the month `months` later, clamped to the month's end.
CivilDate ShiftMonths(const CivilDate& d, int months) {
  CivilDate out = MonthStart(d, months);
  out.day = std::min(d.day, DaysInMonth(out.year, out.month));
  return out;
}

// ------------------------------------------------------------------ tokens

enum class TokenKind { kAlpha, kDigits, kMixed, kPunct };

struct Token {
  size_t begin = 0;
  size_t end = 0;
  TokenKind kind = TokenKind::kPunct;
};

enum class CharClass { kSpace, kPunct, kWord };

CharClass ClassifyCodePoint(uint32_t cp) {
  if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) ||
      cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
      cp == 0x3000 || cp == 0xFEFF) {
    return CharClass::kSpace;
  }
  if ((cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E) ||
      cp == 0xAB || cp == 0xBB || cp == 0xB7 || cp == 0x2212) {
    return CharClass::kPunct;  // dashes, curly quotes, ellipsis, primes
  }
  return CharClass::kWord;  // letters of other scripts glue to a word
}

// Classifies the character at text[pos] (pos < limit) and sets *len to its
// byte length, never past `limit`. A malformed or truncated sequence is one
// byte of a word, so nothing made of it ever matches a date word.
CharClass ClassifyChar(std::string_view text, size_t pos, size_t limit,
                       size_t* len) {
  auto c = static_cast<unsigned char>(text[pos]);
  *len = 1;
  if (c < 0x80) {
    if (c <= 0x20 || c == 0x7F) return CharClass::kSpace;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return CharClass::kWord;
    if (c >= '0' && c <= '9') return CharClass::kWord;
    return CharClass::kPunct;
  }
  size_t n = c >= 0xF0 && c <= 0xF4  ? 4
             : c >= 0xE0 && c < 0xF0 ? 3
             : c >= 0xC2 && c < 0xE0 ? 2
                                     : 0;
  if (n == 0 || n > limit - pos) return CharClass::kWord;
  uint32_t cp = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    auto b = static_cast<unsigned char>(text[pos + k]);
    if ((b & 0xC0) != 0x80) return CharClass::kWord;
    cp = (cp << 6) | (b & 0x3F);
  }
  *len = n;
  return ClassifyCodePoint(cp);
}

// Splits text[begin, end) into tokens: runs of word characters, and single
// punctuation characters. Spaces (including U+00A0) only separate.
std::vector<Token> Tokenize(std::string_view text, size_t begin, size_t end) {
  std::vector<Token> tokens;
  size_t pos = begin;
  while (pos < end) {
    size_t len = 1;
    CharClass cls = ClassifyChar(text, pos, end, &len);
    if (cls != CharClass::kWord) {
      if (cls == CharClass::kPunct) tokens.push_back({pos, pos + len});
      pos += len;
      continue;
    }
    Token token{pos, pos, TokenKind::kAlpha};
    bool letters = false, digits = false, other = false;
    while (pos < end &&
           ClassifyChar(text, pos, end, &len) == CharClass::kWord) {
      auto c = static_cast<unsigned char>(text[pos]);
      if (c >= '0' && c <= '9') {
        digits = true;
      } else if (c < 0x80) {
        letters = true;
      } else {
        other = true;
      }
      pos += len;
    }
    token.end = pos;
    if (other || (letters && digits)) {
      token.kind = TokenKind::kMixed;
    } else if (digits) {
      token.kind = TokenKind::kDigits;
    }
    tokens.push_back(token);
  }
  return tokens;
}

// The value of a short run of ASCII digits.
int DigitsValue(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

bool EqualsLower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t k = 0; k < s.size(); ++k) {
    char c = s[k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[k]) return false;
  }
  return true;
}

// ------------------------------------------------------------------- names

struct CalendarName {
  std::string_view name;  // lowercase
  int value;              // month 1..12, or weekday 0 (Sunday)..6
  bool abbreviation;
  bool ambiguous;  // also a common word or name: needs more context
};

constexpr CalendarName kMonths[] = {
    {"january", 1, false, false},   {"jan", 1, true, false},
    {"february", 2, false, false},  {"feb", 2, true, false},
    {"march", 3, false, true},      {"mar", 3, true, true},
    {"april", 4, false, false},     {"apr", 4, true, false},
    {"may", 5, false, true},        {"june", 6, false, false},
    {"jun", 6, true, false},        {"july", 7, false, false},
    {"jul", 7, true, false},        {"august", 8, false, false},
    {"aug", 8, true, false},        {"september", 9, false, false},
    {"sept", 9, true, false},       {"sep", 9, true, false},
    {"october", 10, false, false},  {"oct", 10, true, false},
    {"november", 11, false, false}, {"nov", 11, true, false},
    {"december", 12, false, false}, {"dec", 12, true, false},
};

constexpr CalendarName kWeekdays[] = {
    {"sunday", 0, false, false},  {"sun", 0, true, true},
    {"monday", 1, false, false},  {"mon", 1, true, false},
    {"tuesday", 2, false, false}, {"tue", 2, true, false},
    {"tues", 2, true, false},     {"wednesday", 3, false, false},
    {"wed", 3, true, false},      {"thursday", 4, false, false},
    {"thu", 4, true, false},      {"thur", 4, true, false},
    {"thurs", 4, true, false},    {"friday", 5, false, false},
    {"fri", 5, true, false},      {"saturday", 6, false, false},
    {"sat", 6, true, true},
};

// Capitalised words before a weekday that make it a holiday or an event.
constexpr std::string_view kWeekdayEventWords[] = {
    "super", "black", "good",   "ash", "bloody", "palm",   "easter",
    "cyber", "holy",  "maundy", "fat", "shrove", "giving", "small"};
// Capitalised words after a weekday that make it a newspaper or a name.
constexpr std::string_view kWeekdayNameWords[] = {
    "times", "telegraph", "express", "mirror", "herald", "post", "school"};

constexpr std::string_view kPartsOfDay[] = {"night", "morning", "afternoon",
                                            "evening"};

// Small cardinal numbers, as in "two days ago"; index = value.
constexpr std::string_view kNumberWords[] = {
    "zero",  "one",   "two",  "three", "four",   "five",  "six",
    "seven", "eight", "nine", "ten",   "eleven", "twelve"};

// ---------------------------------------------------------------- matching

// How a matched expression resolves against the document date.
enum class Rule {
  kDate,         // date: complete
  kDateNoYear,   // date.month/day; year from the anchor
  kMonthYear,    // date = first of the month
  kWeekday,      // n = weekday: latest on or before the anchor
  kLastWeekday,  // strictly before
  kThisWeekday,  // in the anchor's Monday..Sunday week
  kNextWeekday,  // strictly after
  kDays,         // anchor + n days
  kWeeks,        // anchor + 7n days, week granularity
  kMonths,       // anchor + n months, month granularity
  kYears,        // anchor + n years, year granularity
  kWeekStart,    // Monday of the anchor's week
  kMonthStart,   // first of the month n months from the anchor's
  kYearStart,    // January 1 of the anchor's year + n
  kEvent,        // n days from another event's date
};

struct Found {
  size_t begin = 0;  // bytes of the expression
  size_t end = 0;
  size_t first = 0;  // its first token and the token after it
  size_t next = 0;
  Rule rule = Rule::kDate;
  int n = 0;
  CivilDate date;
  bool is_reference = false;  // the object of a kEvent expression
};

// A relative phrase of lowercase words separated by single spaces.
struct Phrase {
  std::string_view words;
  Rule rule;
  int n;
  bool part_of_day_ok;  // may be followed by "morning", "night", ...
  // Followed by a word ("the day before the vote") it dates another event.
  bool object_makes_event = false;
};

constexpr Phrase kPhrases[] = {
    {"today", Rule::kDays, 0, false},
    {"earlier today", Rule::kDays, 0, false},
    {"tonight", Rule::kDays, 0, false},
    {"this morning", Rule::kDays, 0, false},
    {"this afternoon", Rule::kDays, 0, false},
    {"this evening", Rule::kDays, 0, false},
    {"yesterday", Rule::kDays, -1, true},
    {"last night", Rule::kDays, -1, false},
    {"tomorrow", Rule::kDays, 1, true},
    {"the day before yesterday", Rule::kDays, -2, false},
    {"the day after tomorrow", Rule::kDays, 2, false},
    {"the day before", Rule::kDays, -1, false, true},
    {"a day earlier", Rule::kDays, -1, false},
    {"the previous day", Rule::kDays, -1, false},
    {"a day before", Rule::kEvent, -1, false},
    {"a day after", Rule::kEvent, 1, false},
    {"the day after", Rule::kEvent, 1, false},
    {"a day later", Rule::kEvent, 1, false},
    {"the next day", Rule::kEvent, 1, false},
    {"the following day", Rule::kEvent, 1, false},
    {"last week", Rule::kWeeks, -1, false},
    {"this week", Rule::kWeekStart, 0, false},
    {"earlier this week", Rule::kWeekStart, 0, false},
    {"last month", Rule::kMonthStart, -1, false},
    {"this month", Rule::kMonthStart, 0, false},
    {"early this month", Rule::kMonthStart, 0, false},
    {"earlier this month", Rule::kMonthStart, 0, false},
    {"last year", Rule::kYearStart, -1, false},
    {"this year", Rule::kYearStart, 0, false},
    {"earlier this year", Rule::kYearStart, 0, false},
};

struct NameHit {
  int value = 0;
  bool abbreviation = false;
  bool ambiguous = false;
  bool dotted = false;  // an abbreviation followed by its period
  size_t next = 0;      // the token after the name (and its period)
};

class DateScanner {
 public:
  DateScanner(std::string_view text, std::vector<Token> tokens)
      : text_(text), tokens_(std::move(tokens)) {}

  size_t size() const { return tokens_.size(); }
  // An explicit calendar date at token i (with a leading "on" if allowed).
  std::optional<Found> MatchExplicit(size_t i, bool allow_on) const;
  // Any date expression at token i.
  std::optional<Found> MatchAny(size_t i) const;
  // Links each kEvent expression to a date written right after it.
  void LinkEvents(std::vector<Found>* found) const;

 private:
  bool Has(size_t i) const { return i < tokens_.size(); }
  std::string_view Str(size_t i) const {
    return text_.substr(tokens_[i].begin, tokens_[i].end - tokens_[i].begin);
  }
  bool IsWord(size_t i, std::string_view lower) const {
    return Has(i) && tokens_[i].kind == TokenKind::kAlpha &&
           EqualsLower(Str(i), lower);
  }
  bool IsCapitalized(size_t i) const {
    return Has(i) && text_[tokens_[i].begin] >= 'A' &&
           text_[tokens_[i].begin] <= 'Z';
  }
  bool IsPunct(size_t i, char c) const {
    return Has(i) && tokens_[i].kind == TokenKind::kPunct &&
           tokens_[i].end - tokens_[i].begin == 1 &&
           text_[tokens_[i].begin] == c;
  }
  bool Glued(size_t i) const {  // no space between token i-1 and token i
    return i > 0 && Has(i) && tokens_[i - 1].end == tokens_[i].begin;
  }
  bool IsApostrophe(size_t i) const {
    return IsPunct(i, '\'') || (Has(i) && (Str(i) == "\u2019"));
  }
  template <size_t N>
  bool IsOneOf(size_t i, const std::string_view (&words)[N]) const {
    for (std::string_view w : words) {
      if (IsWord(i, w)) return true;
    }
    return false;
  }
  bool NumberContinues(size_t i) const;
  template <size_t N>
  std::optional<NameHit> NameAt(size_t i, const CalendarName (&table)[N]) const;
  int DayAt(size_t i) const;
  int YearAt(size_t i) const;
  int CountAt(size_t i) const;
  size_t PhraseLength(size_t i, std::string_view words) const;
  Found Make(size_t first, size_t last, size_t next, Rule rule, int n) const;
  std::optional<Found> MatchNumeric(size_t i) const;
  std::optional<Found> MatchMonthFirst(size_t i, bool need_day) const;
  std::optional<Found> MatchDayFirst(size_t i) const;
  std::optional<Found> MatchWeekday(size_t i) const;
  std::optional<Found> MatchPhrase(size_t i) const;
  std::optional<Found> MatchAgo(size_t i) const;

  std::string_view text_;
  std::vector<Token> tokens_;
};

// A number token glued to '%', or to '.', ':' or '/' and more digits, is
// part of a percentage, a decimal, a time or a ratio, not a day or a year.
// ("Dec. 1-3" keeps its day: a range starts on a day.)
bool DateScanner::NumberContinues(size_t i) const {
  if (!Glued(i + 1)) return false;
  if (IsPunct(i + 1, '%')) return true;
  bool joiner =
      IsPunct(i + 1, '.') || IsPunct(i + 1, ':') || IsPunct(i + 1, '/');
  return joiner && Glued(i + 2) && tokens_[i + 2].kind == TokenKind::kDigits;
}

template <size_t N>
std::optional<NameHit> DateScanner::NameAt(
    size_t i, const CalendarName (&table)[N]) const {
  if (!Has(i) || tokens_[i].kind != TokenKind::kAlpha || !IsCapitalized(i)) {
    return std::nullopt;
  }
  for (const CalendarName& entry : table) {
    if (!EqualsLower(Str(i), entry.name)) continue;
    NameHit hit{entry.value, entry.abbreviation, entry.ambiguous, false, i + 1};
    if (entry.abbreviation && IsPunct(i + 1, '.') && Glued(i + 1)) {
      hit.dotted = true;
      hit.next = i + 2;
    }
    return hit;
  }
  return std::nullopt;
}

// 1..31 for "1", "01", "1st", "22nd"; 0 otherwise.
int DateScanner::DayAt(size_t i) const {
  if (!Has(i)) return 0;
  std::string_view s = Str(i);
  size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
  if (digits == 0 || digits > 2) return 0;
  std::string_view suffix = s.substr(digits);
  if (!suffix.empty() && !EqualsLower(suffix, "st") &&
      !EqualsLower(suffix, "nd") && !EqualsLower(suffix, "rd") &&
      !EqualsLower(suffix, "th")) {
    return 0;
  }
  if (suffix.empty() && NumberContinues(i)) return 0;
  int day = s[0] - '0';
  if (digits == 2) day = day * 10 + (s[1] - '0');
  return day >= 1 && day <= 31 ? day : 0;
}

// 1000..9999 for a four-digit token; 0 otherwise.
int DateScanner::YearAt(size_t i) const {
  if (!Has(i) || tokens_[i].kind != TokenKind::kDigits) return 0;
  std::string_view s = Str(i);
  if (s.size() != 4 || s[0] == '0' || NumberContinues(i)) return 0;
  return DigitsValue(s);
}

// The count of "N days ago": digits (1..999), "a"/"an", or a number word.
int DateScanner::CountAt(size_t i) const {
  if (!Has(i)) return 0;
  if (tokens_[i].kind == TokenKind::kDigits) {
    std::string_view s = Str(i);
    if (s.size() > 3 || NumberContinues(i)) return 0;
    return DigitsValue(s);
  }
  if (IsWord(i, "a") || IsWord(i, "an")) return 1;
  for (int n = 1; n < static_cast<int>(std::size(kNumberWords)); ++n) {
    if (IsWord(i, kNumberWords[n])) return n;
  }
  return 0;
}

// Number of tokens of `words` matched at token i, or 0.
size_t DateScanner::PhraseLength(size_t i, std::string_view words) const {
  size_t count = 0;
  while (!words.empty()) {
    size_t space = words.find(' ');
    std::string_view word = words.substr(0, space);
    if (!IsWord(i + count, word)) return 0;
    ++count;
    words = space == std::string_view::npos ? "" : words.substr(space + 1);
  }
  return count;
}

// An expression made of tokens first..last (inclusive); scanning resumes
// at `next`.
Found DateScanner::Make(size_t first, size_t last, size_t next, Rule rule,
                        int n) const {
  Found f;
  f.begin = tokens_[first].begin;
  f.end = tokens_[last].end;
  f.first = first;
  f.next = next;
  f.rule = rule;
  f.n = n;
  return f;
}

// "2023-12-01" (also "2023-12-01T09:30") and US "12/1/2023".
std::optional<Found> DateScanner::MatchNumeric(size_t i) const {
  if (!Has(i + 4) || tokens_[i].kind != TokenKind::kDigits) return std::nullopt;
  for (size_t k = i + 1; k <= i + 4; ++k) {
    if (!Glued(k)) return std::nullopt;
  }
  if (Glued(i) && (IsPunct(i - 1, '-') || IsPunct(i - 1, '/') ||
                   IsPunct(i - 1, '.') || IsPunct(i - 1, ':'))) {
    return std::nullopt;  // the tail of a longer number
  }
  std::string_view a = Str(i), b = Str(i + 2), c = Str(i + 4);
  Found f = Make(i, i + 4, i + 5, Rule::kDate, 0);
  if (a.size() == 4 && IsPunct(i + 1, '-') && IsPunct(i + 3, '-') &&
      tokens_[i + 2].kind == TokenKind::kDigits && c.size() >= 2) {
    bool bare = tokens_[i + 4].kind == TokenKind::kDigits && c.size() == 2 &&
                !NumberContinues(i + 4);
    bool timed = c.size() > 2 && (c[2] == 'T' || c[2] == 't');
    if (!bare && !timed) return std::nullopt;
    if (timed) f.end = tokens_[i + 4].begin + 2;
    std::string iso = std::string(a) + "-" + std::string(b) + "-" +
                      std::string(c.substr(0, 2));
    if (auto d = CivilDate::ParseIso(iso)) {
      f.date = *d;
      return f;
    }
    return std::nullopt;
  }
  if (IsPunct(i + 1, '/') && IsPunct(i + 3, '/') && a.size() <= 2 &&
      tokens_[i + 2].kind == TokenKind::kDigits && b.size() <= 2 &&
      YearAt(i + 4) > 0) {
    f.date = CivilDate{YearAt(i + 4), DigitsValue(a), DigitsValue(b)};
    if (f.date.valid()) return f;
  }
  return std::nullopt;
}

// "December 1, 2023", "Dec. 1", "March 1987" (unless `need_day`).
std::optional<Found> DateScanner::MatchMonthFirst(size_t i,
                                                  bool need_day) const {
  std::optional<NameHit> month = NameAt(i, kMonths);
  if (!month) return std::nullopt;
  size_t at = month->next;
  if (int day = DayAt(at); day > 0) {
    size_t year_at = IsPunct(at + 1, ',') ? at + 2 : at + 1;
    if (int year = YearAt(year_at); year > 0) {
      Found f = Make(i, year_at, year_at + 1, Rule::kDate, 0);
      f.date = CivilDate{year, month->value, day};
      if (f.date.valid()) return f;
      return std::nullopt;  // "February 30, 2023"
    }
    if (day > DaysInMonth(2000, month->value)) return std::nullopt;
    Found f = Make(i, at, at + 1, Rule::kDateNoYear, 0);
    f.date = CivilDate{0, month->value, day};
    return f;
  }
  if (need_day) return std::nullopt;
  if (int year = YearAt(at); year > 0) {
    Found f = Make(i, at, at + 1, Rule::kMonthYear, 0);
    f.date = CivilDate{year, month->value, 1};
    return f;
  }
  return std::nullopt;
}

// "1 December 2023", "1 Dec.".
std::optional<Found> DateScanner::MatchDayFirst(size_t i) const {
  int day = DayAt(i);
  if (day == 0) return std::nullopt;
  std::optional<NameHit> month = NameAt(i + 1, kMonths);
  if (!month) return std::nullopt;
  if (int year = YearAt(month->next); year > 0) {
    Found f = Make(i, month->next, month->next + 1, Rule::kDate, 0);
    f.date = CivilDate{year, month->value, day};
    if (f.date.valid()) return f;
    return std::nullopt;
  }
  if (day > DaysInMonth(2000, month->value)) return std::nullopt;
  Found f = Make(i, i + 1, month->next, Rule::kDateNoYear, 0);
  f.date = CivilDate{0, month->value, day};
  return f;
}

std::optional<Found> DateScanner::MatchExplicit(size_t i, bool allow_on) const {
  size_t at = allow_on && IsWord(i, "on") ? i + 1 : i;
  bool weekday = false;
  if (std::optional<NameHit> name = NameAt(at, kWeekdays)) {
    at = IsPunct(name->next, ',') ? name->next + 1 : name->next;
    weekday = true;
  }
  std::optional<Found> f = MatchNumeric(at);
  if (!f) f = MatchMonthFirst(at, /*need_day=*/weekday);
  if (!f) f = MatchDayFirst(at);
  if (f) {
    f->begin = tokens_[i].begin;
    f->first = i;
  }
  return f;
}

// [on|last|this|next|early|late|earlier] Tuesday [night|morning|...]
std::optional<Found> DateScanner::MatchWeekday(size_t i) const {
  Rule rule = Rule::kWeekday;
  size_t at = i;
  if (IsWord(i, "on") || IsWord(i, "early") || IsWord(i, "late") ||
      IsWord(i, "earlier")) {
    at = i + 1;
  } else if (IsWord(i, "last") || IsWord(i, "this") || IsWord(i, "next")) {
    rule = IsWord(i, "last")   ? Rule::kLastWeekday
           : IsWord(i, "this") ? Rule::kThisWeekday
                               : Rule::kNextWeekday;
    at = i + 1;
  }
  std::optional<NameHit> name = NameAt(at, kWeekdays);
  if (!name) return std::nullopt;
  if (name->abbreviation && !name->dotted) return std::nullopt;
  if (name->ambiguous && at == i) return std::nullopt;  // "Sun." the paper
  if (at == i && at > 0 && IsCapitalized(at - 1) &&
      IsOneOf(at - 1, kWeekdayEventWords)) {
    return std::nullopt;  // "Super Tuesday", "Black Friday"
  }
  if (IsCapitalized(name->next) && IsOneOf(name->next, kWeekdayNameWords)) {
    return std::nullopt;  // "Sunday Times"
  }
  size_t last = at;
  size_t next = name->next;
  if (IsOneOf(next, kPartsOfDay)) last = next++;
  return Make(i, last, next, rule, name->value);
}

// "N days ago", "two weeks ago", "a year ago".
std::optional<Found> DateScanner::MatchAgo(size_t i) const {
  int count = CountAt(i);
  if (count <= 0 || !IsWord(i + 2, "ago")) return std::nullopt;
  static constexpr struct {
    std::string_view singular, plural;
    Rule rule;
  } kUnits[] = {{"day", "days", Rule::kDays},
                {"week", "weeks", Rule::kWeeks},
                {"month", "months", Rule::kMonths},
                {"year", "years", Rule::kYears}};
  for (const auto& unit : kUnits) {
    if (IsWord(i + 1, count == 1 ? unit.singular : unit.plural)) {
      return Make(i, i + 2, i + 3, unit.rule, -count);
    }
  }
  return std::nullopt;
}

// The longest relative phrase of kPhrases at token i.
std::optional<Found> DateScanner::MatchPhrase(size_t i) const {
  const Phrase* best = nullptr;
  size_t best_length = 0;
  for (const Phrase& phrase : kPhrases) {
    size_t length = PhraseLength(i, phrase.words);
    if (length > best_length) {
      best = &phrase;
      best_length = length;
    }
  }
  if (best == nullptr) return std::nullopt;
  size_t last = i + best_length - 1;
  if (best->part_of_day_ok && IsOneOf(last + 1, kPartsOfDay)) ++last;
  Found f = Make(i, last, last + 1, best->rule, best->n);
  // "the day before" alone is the day before the story; "the day before
  // the vote" is the day before something else.
  if (best->object_makes_event && Has(last + 1) &&
      tokens_[last + 1].kind != TokenKind::kPunct && !IsWord(last + 1, "and") &&
      !IsWord(last + 1, "but") && !IsWord(last + 1, "or") &&
      !IsWord(last + 1, "that")) {
    f.rule = Rule::kEvent;
  }
  return f;
}

std::optional<Found> DateScanner::MatchAny(size_t i) const {
  if (std::optional<Found> f = MatchExplicit(i, /*allow_on=*/true)) return f;
  if (std::optional<Found> f = MatchWeekday(i)) return f;
  if (std::optional<Found> f = MatchAgo(i)) return f;
  return MatchPhrase(i);
}

bool IsAbsolute(Rule rule) {
  return rule == Rule::kDate || rule == Rule::kDateNoYear ||
         rule == Rule::kWeekday || rule == Rule::kLastWeekday ||
         rule == Rule::kThisWeekday || rule == Rule::kNextWeekday;
}

// "a day after Tuesday's vote", "the day before the Dec. 5 election": the
// date that follows within a few words, with nothing but words and
// apostrophes in between, is the event's date.
void DateScanner::LinkEvents(std::vector<Found>* found) const {
  constexpr size_t kMaxGap = 6;
  for (size_t e = 0; e + 1 < found->size(); ++e) {
    Found& event = (*found)[e];
    Found& ref = (*found)[e + 1];
    if (event.rule != Rule::kEvent || !IsAbsolute(ref.rule)) continue;
    if (ref.first < event.next || ref.first - event.next > kMaxGap) continue;
    bool clear = true;
    for (size_t k = event.next; k < ref.first; ++k) {
      if (tokens_[k].kind == TokenKind::kPunct && !IsApostrophe(k)) {
        clear = false;
      }
    }
    ref.is_reference = clear;
  }
}

// ---------------------------------------------------------------- resolving

std::string CountBasis(int n, std::string_view unit, std::string_view tail) {
  std::string out = std::to_string(n < 0 ? -n : n) + " " + std::string(unit) +
                    (n == 1 || n == -1 ? "" : "s") +
                    (n < 0 ? " before" : " after") + " document date";
  if (!tail.empty()) out += " (" + std::string(tail) + ")";
  return out;
}

std::string WeekdayBasis(const CivilDate& date, const CivilDate& anchor) {
  if (date == anchor) return "weekday is document date";
  return date < anchor ? "weekday before document date"
                       : "weekday after document date";
}

// The day of weekday `w` for a weekday rule, relative to `anchor`.
CivilDate WeekdayDate(Rule rule, int w, const CivilDate& anchor) {
  int a = anchor.Weekday();
  int back = (a - w + 7) % 7;
  switch (rule) {
    case Rule::kLastWeekday:
      return anchor.AddDays(back == 0 ? -7 : -back);
    case Rule::kNextWeekday: {
      int ahead = (w - a + 7) % 7;
      return anchor.AddDays(ahead == 0 ? 7 : ahead);
    }
    case Rule::kThisWeekday:  // Monday-based week positions
      return anchor.AddDays((w + 6) % 7 - (a + 6) % 7);
    default:
      return anchor.AddDays(-back);
  }
}

// A month and day without a year: the anchor's year, unless that lands more
// than a month after the anchor (a story in January about "Dec. 28").
std::optional<CivilDate> InferYear(const CivilDate& md,
                                   const CivilDate& anchor) {
  CivilDate date{anchor.year, md.month, md.day};
  CivilDate limit = anchor.AddDays(31);
  if (limit.valid() && date > limit) date.year -= 1;
  if (!date.valid()) return std::nullopt;
  return date;
}

// Resolution rules that need the anchor; `basis` is set even without one.
std::optional<CivilDate> ResolveRelative(const Found& f, const CivilDate& a,
                                         std::string* basis) {
  switch (f.rule) {
    case Rule::kDays:
      *basis = f.n == 0    ? "document date"
               : f.n == -1 ? "day before document date"
               : f.n == 1  ? "day after document date"
                           : CountBasis(f.n, "day", "");
      return a.AddDays(f.n);
    case Rule::kWeeks:
      *basis = f.n == -1 ? "week before document date (week granularity)"
                         : CountBasis(f.n, "week", "week granularity");
      return a.AddDays(7 * f.n);
    case Rule::kMonths:
      *basis = CountBasis(f.n, "month", "month granularity");
      return ShiftMonths(a, f.n);
    case Rule::kYears:
      *basis = CountBasis(f.n, "year", "year granularity");
      return ShiftMonths(a, 12 * f.n);
    case Rule::kWeekStart:
      *basis = "document week (week granularity)";
      return a.AddDays(-((a.Weekday() + 6) % 7));
    case Rule::kMonthStart:
      *basis = f.n == 0 ? "document month (month granularity)"
                        : "month before document date (month granularity)";
      return MonthStart(a, f.n);
    case Rule::kYearStart:
      *basis = f.n == 0 ? "document year (year granularity)"
                        : "year before document date (year granularity)";
      return CivilDate{a.year + f.n, 1, 1};
    default:
      *basis = "relative to another event";
      return std::nullopt;
  }
}

DateExpression Resolve(const Found& f, const std::optional<CivilDate>& anchor) {
  DateExpression out;
  out.span = Span{static_cast<uint32_t>(f.begin), static_cast<uint32_t>(f.end)};
  bool have_anchor = anchor && anchor->valid();
  std::optional<CivilDate> date;
  switch (f.rule) {
    case Rule::kDate:
      out.basis = "explicit date";
      date = f.date;
      break;
    case Rule::kMonthYear:
      out.basis = "explicit month (month granularity)";
      date = f.date;
      break;
    case Rule::kDateNoYear:
      out.basis = "explicit date, year from document date";
      if (have_anchor) date = InferYear(f.date, *anchor);
      break;
    case Rule::kWeekday:
    case Rule::kLastWeekday:
    case Rule::kThisWeekday:
    case Rule::kNextWeekday:
      out.basis = "weekday";
      if (have_anchor) {
        date = WeekdayDate(f.rule, f.n, *anchor);
        out.basis = WeekdayBasis(*date, *anchor);
      }
      break;
    default:
      date =
          ResolveRelative(f, have_anchor ? *anchor : CivilDate{}, &out.basis);
      if (!have_anchor) date.reset();
  }
  if (date && date->valid()) out.resolved = date;
  if (!have_anchor && f.rule != Rule::kDate && f.rule != Rule::kMonthYear &&
      f.rule != Rule::kEvent) {
    out.basis += "; no document date";
  }
  return out;
}

size_t Distance(const Span& span, size_t near) {
  if (near < span.begin) return span.begin - near;
  if (near >= span.end) return near - span.end;
  return 0;
}

}  // namespace

// -------------------------------------------------------------- CivilDate

bool CivilDate::valid() const {
  return year >= 1 && year <= 9999 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

std::string CivilDate::ToIso() const {
  if (!valid()) return "";
  char buf[40];  // room for any int, so no truncation warning
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::optional<CivilDate> CivilDate::ParseIso(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (s.size() > 10 && s[10] != 'T' && s[10] != ' ') return std::nullopt;
  int fields[3] = {0, 0, 0};
  constexpr size_t kStart[] = {0, 5, 8}, kLength[] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (size_t k = kStart[f]; k < kStart[f] + kLength[f]; ++k) {
      if (s[k] < '0' || s[k] > '9') return std::nullopt;
      fields[f] = fields[f] * 10 + (s[k] - '0');
    }
  }
  CivilDate date{fields[0], fields[1], fields[2]};
  if (!date.valid()) return std::nullopt;
  return date;
}

int CivilDate::Weekday() const {
  if (!valid()) return -1;
  return static_cast<int>(std::chrono::weekday(ToSysDays(*this)).c_encoding());
}

CivilDate CivilDate::AddDays(int n) const {
  constexpr int kMaxShift = 10000 * 366;  // beyond any valid result
  if (!valid() || n > kMaxShift || n < -kMaxShift) return CivilDate{};
  std::chrono::year_month_day ymd(ToSysDays(*this) + std::chrono::days(n));
  CivilDate out{static_cast<int>(ymd.year()),
                static_cast<int>(static_cast<unsigned>(ymd.month())),
                static_cast<int>(static_cast<unsigned>(ymd.day()))};
  return out.valid() ? out : CivilDate{};
}

// -------------------------------------------------------------- searching

std::optional<CivilDate> FindDocumentDate(std::string_view text, Span* span,
                                          size_t max_bytes) {
  // Scan a little past max_bytes so a date that starts inside is whole.
  constexpr size_t kSlack = 64;
  size_t limit =
      std::min({text.size(),
                max_bytes > SIZE_MAX - kSlack ? SIZE_MAX : max_bytes + kSlack,
                size_t{std::numeric_limits<uint32_t>::max()}});
  // Only dates with a year count, and every such form has a run of four
  // digits (or an ISO date): without one, nothing here can match.
  bool has_year = false;
  for (size_t i = 0, run = 0; i < limit && !has_year; ++i) {
    run = (text[i] >= '0' && text[i] <= '9') ? run + 1 : 0;
    has_year = run >= 4;
  }
  if (!has_year) return std::nullopt;
  DateScanner scanner(text, Tokenize(text, 0, limit));
  for (size_t i = 0; i < scanner.size();) {
    std::optional<Found> f = scanner.MatchExplicit(i, /*allow_on=*/false);
    if (!f) {
      ++i;
      continue;
    }
    if (f->begin >= max_bytes) break;
    if (f->rule == Rule::kDate) {
      if (span != nullptr) {
        *span = Span{static_cast<uint32_t>(f->begin),
                     static_cast<uint32_t>(f->end)};
      }
      return f->date;
    }
    i = f->next;
  }
  return std::nullopt;
}

// A cheap test run before the scanner: every expression it recognises holds
// a digit, a capital month or weekday name, or one of these stems.
static bool MayHoldDate(std::string_view s) {
  static constexpr std::string_view kStems[] = {
      "day",      "night",   "week",      "month",   "year", "ago",
      "tomorrow", "morning", "afternoon", "evening", "today"};
  for (char c : s) {
    if (c >= '0' && c <= '9') return true;
  }
  for (std::string_view stem : kStems) {
    if (s.find(stem) != std::string_view::npos) return true;
  }
  static constexpr std::string_view kMonths[] = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
      "Nov", "Dec", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  for (std::string_view m : kMonths) {
    if (s.find(m) != std::string_view::npos) return true;
  }
  return false;
}

std::optional<DateExpression> FindDateExpression(
    std::string_view text, Span window, size_t near,
    const std::optional<CivilDate>& anchor) {
  size_t end = std::min<size_t>(window.end, text.size());
  size_t begin = std::min<size_t>(window.begin, end);
  if (!MayHoldDate(text.substr(begin, end - begin))) return std::nullopt;
  DateScanner scanner(text, Tokenize(text, begin, end));
  std::vector<Found> found;
  for (size_t i = 0; i < scanner.size();) {
    std::optional<Found> f = scanner.MatchAny(i);
    if (!f) {
      ++i;
      continue;
    }
    i = f->next;
    found.push_back(*f);
  }
  scanner.LinkEvents(&found);

  std::optional<DateExpression> best;
  size_t best_distance = 0;
  for (size_t k = 0; k < found.size(); ++k) {
    if (found[k].is_reference) continue;
    DateExpression expr = Resolve(found[k], anchor);
    if (found[k].rule == Rule::kEvent && k + 1 < found.size() &&
        found[k + 1].is_reference) {
      DateExpression ref = Resolve(found[k + 1], anchor);
      if (ref.resolved) expr.resolved = ref.resolved->AddDays(found[k].n);
      if (expr.resolved && !expr.resolved->valid()) expr.resolved.reset();
    }
    size_t distance = Distance(expr.span, near);
    bool better = !best || (expr.resolved && !best->resolved) ||
                  (expr.resolved.has_value() == best->resolved.has_value() &&
                   distance < best_distance);
    if (better) {
      best = std::move(expr);
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace claimtrack::text

// Dates in news text: the document's own date, and the date expression that
// dates a statement ("Tuesday", "last week", "Dec. 1, 2023"), resolved to a
// calendar day against the document date.
//
// Everything here is a pure function of its arguments: thread-safe, no
// allocation that outlives a call, no exceptions. Input may be any bytes;
// spans always fall on ASCII characters, so they are code-point boundaries.
#ifndef CLAIMTRACK_TEXT_DATE_RESOLVER_H_
#define CLAIMTRACK_TEXT_DATE_RESOLVER_H_

#include <compare>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "claimtrack/document.h"

namespace claimtrack::text {

// A proleptic Gregorian calendar day. Only years 1..9999 are valid, so that
// ToIso() always has four year digits.
struct CivilDate {
  int year = 0;
  int month = 0;
  int day = 0;

  // True for a real calendar day (month 1..12, day within the month).
  bool valid() const;
  // "2023-12-01"; the empty string when !valid().
  std::string ToIso() const;
  // Accepts exactly "YYYY-MM-DD", optionally followed by 'T' or ' ' and
  // anything (a time, which is dropped). nullopt if malformed or not a real
  // day.
  static std::optional<CivilDate> ParseIso(std::string_view s);
  // 0 = Sunday .. 6 = Saturday; -1 when !valid().
  int Weekday() const;
  // The day `n` days later (earlier when n < 0). Returns an invalid date
  // (all zeros) when *this is invalid or the result leaves years 1..9999.
  CivilDate AddDays(int n) const;

  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

// Finds the document's own date among the first ~`max_bytes` bytes of
// `text`: page headers ("Friday, December 1, 2023"), datelines
// ("WASHINGTON, March 3, 1987 -"), ISO dates ("2023-12-01", also with a
// "T09:30" time), "1 December 2023", US "12/01/2023". Only complete dates
// (with a year) count; the first one wins. On success *span (if not null)
// gets the bytes of the date, including a leading weekday when present.
// Returns nullopt when there is none.
std::optional<CivilDate> FindDocumentDate(std::string_view text, Span* span,
                                          size_t max_bytes = 3000);

struct DateExpression {
  // The expression as written, byte offsets into the text. It includes a
  // leading "on"/"last"/"this"/"next"/"early"/"late"/"earlier" and a
  // trailing "night"/"morning"/... ("on Tuesday night"), and the period of
  // an abbreviation only when the expression continues after it.
  Span span;
  std::optional<CivilDate> resolved;  // nullopt when it cannot be resolved
  // How `resolved` was obtained: "explicit date", "explicit date, year from
  // document date", "weekday before document date", "weekday is document
  // date", "weekday after document date", "document date", "day before
  // document date", "week before document date (week granularity)",
  // "document month (month granularity)", "relative to another event", ...
  // Coarse expressions resolve to the first day of their month or year (and
  // to the Monday of "this week"), and say so with "granularity".
  std::string basis;
};

// Finds the date expression that dates a statement inside the sentence
// text[window.begin, window.end) (clamped to `text`), resolving it against
// `anchor`, the document date (may be nullopt: then only dates that carry
// their year resolve). When there are several, resolved expressions are
// preferred over unresolved ones, then the one closest to byte offset `near`
// (typically the speech cue), then the earlier one. A date that is only the
// object of "a day after"/"the day before" is not a candidate itself.
// Returns nullopt when the window holds no date expression.
//
// Recognised (case-insensitive, whole words). Month and weekday names need
// a capital letter; a month name always needs a day or a year next to it
// (so "May I", "the March on Washington" are not dates); a weekday
// abbreviation needs its period ("Tues."), and "Sun."/"Sat." also a prefix
// or a following date; "Super Tuesday", "Sunday Times" are not dates.
//   weekdays  [on|last|this|next|early|late|earlier] Tuesday [night|...]
//             A bare weekday is the latest such day on or before the anchor;
//             "last" is strictly before, "next" strictly after, "this" is
//             in the anchor's Monday-to-Sunday week.
//   relative  today, tonight, this morning/afternoon/evening, yesterday,
//             last night, tomorrow, the day before (yesterday), a day
//             earlier, the previous day, N days/weeks/months/years ago,
//             last week, (earlier) this week, last month, early/earlier
//             this month, this month, last year, (earlier) this year
//   explicit  December 1, 2023; Dec. 1; 1 December 2023; March 1987;
//             2023-12-01; 12/01/2023; optionally after a weekday
//             ("Friday, Dec. 1"). Without a year the anchor's year is used,
//             or the year before when that lands over a month after it.
//   events    a day before/after, the day after, a day later, the next day,
//             the following day, the day before <something>: resolved only
//             from a weekday or explicit date right after the phrase
//             ("a day after Tuesday's vote"), else unresolved.
std::optional<DateExpression> FindDateExpression(
    std::string_view text, Span window, size_t near,
    const std::optional<CivilDate>& anchor);

}  // namespace claimtrack::text

#endif  // CLAIMTRACK_TEXT_DATE_RESOLVER_H_

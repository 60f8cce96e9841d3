#include "text/date_resolver.h"

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace claimtrack::text {
namespace {

const CivilDate kFriday{2023, 12, 1};  // the seed document's date

// Searches the whole of `text`, near the first occurrence of `cue` (or the
// start when `cue` is empty).
std::optional<DateExpression> Find(
    std::string_view text, std::string_view cue = "",
    const std::optional<CivilDate>& anchor = kFriday) {
  size_t near = cue.empty() ? 0 : text.find(cue);
  REQUIRE(near != std::string_view::npos);
  Span window{0, static_cast<uint32_t>(text.size())};
  return FindDateExpression(text, window, near, anchor);
}

std::string Resolved(const std::optional<DateExpression>& e) {
  return e && e->resolved ? e->resolved->ToIso() : "";
}

std::string_view Surface(std::string_view text,
                         const std::optional<DateExpression>& e) {
  REQUIRE(e.has_value());
  return e->span.In(text);
}

TEST_CASE("CivilDate validity ISO form and weekday", "[text][date]") {
  CHECK(CivilDate{2024, 2, 29}.valid());
  CHECK_FALSE(CivilDate{2023, 2, 29}.valid());
  CHECK_FALSE(CivilDate{1900, 2, 29}.valid());
  CHECK_FALSE(CivilDate{2023, 13, 1}.valid());
  CHECK_FALSE(CivilDate{}.valid());
  CHECK(CivilDate{2023, 12, 1}.ToIso() == "2023-12-01");
  CHECK(CivilDate{}.ToIso().empty());
  CHECK(kFriday.Weekday() == 5);
  CHECK(CivilDate{1987, 3, 27}.Weekday() == 5);
  CHECK(CivilDate{2000, 1, 2}.Weekday() == 0);
  CHECK(CivilDate{}.Weekday() == -1);
}

TEST_CASE("CivilDate ParseIso accepts a date with an optional time",
          "[text][date]") {
  CHECK(CivilDate::ParseIso("2023-12-01") == CivilDate{2023, 12, 1});
  CHECK(CivilDate::ParseIso("2023-12-01T09:30:00Z") == CivilDate{2023, 12, 1});
  CHECK(CivilDate::ParseIso("2023-12-01 09:30") == CivilDate{2023, 12, 1});
  CHECK_FALSE(CivilDate::ParseIso("2023-12-1"));
  CHECK_FALSE(CivilDate::ParseIso("2023-02-30"));
  CHECK_FALSE(CivilDate::ParseIso("2023/12/01"));
  CHECK_FALSE(CivilDate::ParseIso("2023-12-01x"));
  CHECK_FALSE(CivilDate::ParseIso(""));
}

TEST_CASE("CivilDate AddDays crosses months years and leap days",
          "[text][date]") {
  CHECK(kFriday.AddDays(-4) == CivilDate{2023, 11, 27});
  CHECK(CivilDate{2023, 12, 31}.AddDays(1) == CivilDate{2024, 1, 1});
  CHECK(CivilDate{2024, 3, 1}.AddDays(-1) == CivilDate{2024, 2, 29});
  CHECK_FALSE(CivilDate{9999, 12, 31}.AddDays(1).valid());
  CHECK_FALSE(kFriday.AddDays(2000000000).valid());
  CHECK_FALSE(CivilDate{}.AddDays(1).valid());
  CHECK(CivilDate{2023, 1, 1} < CivilDate{2023, 1, 2});
}

TEST_CASE("seed: a bare weekday is the latest such day", "[text][date]") {
  std::string_view text = "Austin was saying Tuesday that the aid would flow.";
  auto e = Find(text, "saying");
  CHECK(Surface(text, e) == "Tuesday");
  CHECK(Resolved(e) == "2023-11-28");
  CHECK(e->basis == "weekday before document date");

  std::string_view visit = "He said during his own visit here Monday that...";
  CHECK(Resolved(Find(visit, "said")) == "2023-11-27");
}

TEST_CASE("the anchor's own weekday is the anchor", "[text][date]") {
  auto e = Find("The minister said Friday that talks had failed.", "said");
  CHECK(Resolved(e) == "2023-12-01");
  CHECK(e->basis == "weekday is document date");
}

TEST_CASE("last this and next weekdays", "[text][date]") {
  CHECK(Resolved(Find("He spoke last Tuesday.")) == "2023-11-28");
  CHECK(Resolved(Find("He spoke last Friday.")) == "2023-11-24");
  auto next = Find("She will speak next Tuesday.");
  CHECK(Resolved(next) == "2023-12-05");
  CHECK(next->basis == "weekday after document date");
  CHECK(Resolved(Find("They meet this Monday.")) == "2023-11-27");
  CHECK(Resolved(Find("They meet this Sunday.")) == "2023-12-03");
}

TEST_CASE("weekday spans include prefix and part of day", "[text][date]") {
  std::string_view text = "The talks ended on Tuesday night in Doha.";
  auto e = Find(text);
  CHECK(Surface(text, e) == "on Tuesday night");
  CHECK(Resolved(e) == "2023-11-28");
  std::string_view late = "He said late Wednesday that he would stay.";
  CHECK(Surface(late, Find(late)) == "late Wednesday");
}

TEST_CASE("weekday abbreviations need their period", "[text][date]") {
  std::string_view text = "Officials said Tues. that the vote was close.";
  auto e = Find(text);
  CHECK(Surface(text, e) == "Tues");
  CHECK(Resolved(e) == "2023-11-28");
  CHECK_FALSE(Find("Officials said Tues that the vote was close."));
  CHECK(Resolved(Find("It happened on Sat. at noon.")) == "2023-11-25");
}

TEST_CASE("today yesterday tomorrow and parts of day", "[text][date]") {
  auto today = Find("The president said today that he would veto it.");
  CHECK(Resolved(today) == "2023-12-01");
  CHECK(today->basis == "document date");
  CHECK(Resolved(Find("Tonight, the mayor spoke.")) == "2023-12-01");
  CHECK(Resolved(Find("She said this morning that...")) == "2023-12-01");
  std::string_view text = "He said yesterday afternoon that he quit.";
  auto y = Find(text);
  CHECK(Surface(text, y) == "yesterday afternoon");
  CHECK(Resolved(y) == "2023-11-30");
  CHECK(Resolved(Find("Officials said last night that...")) == "2023-11-30");
  CHECK(Resolved(Find("The vote is tomorrow.")) == "2023-12-02");
  CHECK(Resolved(Find("It rained the day before yesterday.")) == "2023-11-29");
}

TEST_CASE("the day before alone is relative to the document date",
          "[text][date]") {
  auto e = Find("He had warned of it the day before.");
  CHECK(Resolved(e) == "2023-11-30");
  CHECK(e->basis == "day before document date");
  CHECK(Resolved(Find("He had said so a day earlier, aides said.")) ==
        "2023-11-30");
}

TEST_CASE("N days and weeks ago", "[text][date]") {
  std::string_view text = "He resigned two days ago, the paper said.";
  auto e = Find(text);
  CHECK(Surface(text, e) == "two days ago");
  CHECK(Resolved(e) == "2023-11-29");
  CHECK(e->basis == "2 days before document date");
  auto weeks = Find("It was signed 3 weeks ago.");
  CHECK(Resolved(weeks) == "2023-11-10");
  CHECK_THAT(weeks->basis, Catch::Contains("week granularity"));
  CHECK(Resolved(Find("a year ago")) == "2022-12-01");
}

TEST_CASE("seed: last week has week granularity", "[text][date]") {
  std::string_view text = "as the general wrote last week in a memo";
  auto e = Find(text, "wrote");
  CHECK(Surface(text, e) == "last week");
  CHECK(Resolved(e) == "2023-11-24");
  CHECK_THAT(e->basis, Catch::Contains("week granularity"));
  auto week = Find("He said earlier this week that it was over.");
  CHECK(Resolved(week) == "2023-11-27");  // the Monday
  CHECK_THAT(week->basis, Catch::Contains("week granularity"));
}

TEST_CASE("seed: early this month has month granularity", "[text][date]") {
  std::string_view text = "in remarks early this month, he said";
  auto e = Find(text, "said");
  CHECK(Surface(text, e) == "early this month");
  REQUIRE(e->resolved);
  CHECK(e->resolved->year == 2023);
  CHECK(e->resolved->month == 12);
  CHECK_THAT(e->basis, Catch::Contains("month granularity"));
  CHECK(Resolved(Find("He said last month that...")) == "2023-11-01");
  CHECK(Resolved(Find("Sales rose earlier this year.")) == "2023-01-01");
  auto year = Find("He said last year that...");
  CHECK(Resolved(year) == "2022-01-01");
  CHECK_THAT(year->basis, Catch::Contains("year granularity"));
}

TEST_CASE("explicit dates with a year", "[text][date]") {
  std::string_view text = "The treaty was signed on Dec. 1, 2021, in Rome.";
  auto e = Find(text);
  CHECK(Surface(text, e) == "on Dec. 1, 2021");
  CHECK(Resolved(e) == "2021-12-01");
  CHECK(e->basis == "explicit date");
  CHECK(Resolved(Find("It began December 7, 1941.")) == "1941-12-07");
  CHECK(Resolved(Find("It began 1 December 2023.")) == "2023-12-01");
  CHECK(Resolved(Find("It began Sept. 11th, 2001.")) == "2001-09-11");
  CHECK_FALSE(Find("It began February 30, 2023."));
}

TEST_CASE("explicit dates take the year from the anchor", "[text][date]") {
  std::string_view text = "He said on March 3 that he would run.";
  auto e = Find(text, "", CivilDate{1987, 3, 27});
  CHECK(Surface(text, e) == "on March 3");
  CHECK(Resolved(e) == "1987-03-03");
  CHECK(e->basis == "explicit date, year from document date");
  // Over a month after the anchor: last year's.
  CHECK(Resolved(Find("He spoke on Dec. 28.", "", CivilDate{2024, 1, 3})) ==
        "2023-12-28");
  // Within a month: this year's.
  CHECK(Resolved(Find("The vote is Dec. 20.")) == "2023-12-20");
  std::string_view british = "He spoke on 5 Nov. at the rally.";
  CHECK(Surface(british, Find(british)) == "on 5 Nov");
}

TEST_CASE("month and year has month granularity", "[text][date]") {
  std::string_view text = "The plant closed in March 1987 after the strike.";
  auto e = Find(text);
  CHECK(Surface(text, e) == "March 1987");
  CHECK(Resolved(e) == "1987-03-01");
  CHECK_THAT(e->basis, Catch::Contains("month granularity"));
}

TEST_CASE("numeric dates", "[text][date]") {
  std::string_view iso = "Posted 2023-11-30T08:15:00Z by staff";
  auto e = Find(iso);
  CHECK(Surface(iso, e) == "2023-11-30");
  CHECK(Resolved(e) == "2023-11-30");
  CHECK(Resolved(Find("Filed 12/01/2023 in court.")) == "2023-12-01");
  CHECK_FALSE(Find("Filed 12/01/23 in court."));
  CHECK_FALSE(Find("The ratio was 3/4 and 2023-13-45 is no date."));
}

TEST_CASE("a weekday before an explicit date is one expression",
          "[text][date]") {
  std::string_view text = "He said on Tuesday, Nov. 28, that he would go.";
  auto e = Find(text, "said");
  CHECK(Surface(text, e) == "on Tuesday, Nov. 28");
  CHECK(Resolved(e) == "2023-11-28");
}

TEST_CASE("seed: document date from a page header", "[text][date]") {
  std::string text =
      "THE NEW YORK TIMES\nFriday, December 1, 2023\n\nWASHINGTON - "
      "Defense Secretary Lloyd J. Austin III said Tuesday ...";
  Span span;
  auto date = FindDocumentDate(text, &span);
  REQUIRE(date);
  CHECK(*date == CivilDate{2023, 12, 1});
  CHECK(span.In(text) == "Friday, December 1, 2023");
}

TEST_CASE("document date from datelines and ISO stamps", "[text][date]") {
  std::string_view dateline =
      "WASHINGTON, March 3, 1987 - The President said Tuesday...";
  Span span;
  CHECK(FindDocumentDate(dateline, &span) == CivilDate{1987, 3, 3});
  CHECK(span.In(dateline) == "March 3, 1987");
  std::string_view iso = "Published: 2023-12-01T09:30:00Z\nBody text.";
  CHECK(FindDocumentDate(iso, &span) == CivilDate{2023, 12, 1});
  CHECK(span.In(iso) == "2023-12-01");
  CHECK(FindDocumentDate("LONDON (Reuters) 1 December 2023 -", nullptr) ==
        CivilDate{2023, 12, 1});
}

TEST_CASE("document date needs a year and respects max_bytes", "[text][date]") {
  Span span{7, 7};
  CHECK_FALSE(FindDocumentDate("WASHINGTON, March 27 - The talks", &span));
  CHECK(span == Span{7, 7});
  std::string text(200, 'x');
  text += " December 1, 2023";
  CHECK_FALSE(FindDocumentDate(text, &span, 100));
  CHECK(FindDocumentDate(text, &span, 1000) == CivilDate{2023, 12, 1});
}

TEST_CASE("seed: Reuters dateline without a year", "[text][date]") {
  std::string_view text = "WASHINGTON, March 27 - The White House said...";
  auto e = Find(text, "said", CivilDate{1987, 3, 27});
  CHECK(Surface(text, e) == "March 27");
  CHECK(Resolved(e) == "1987-03-27");
}

TEST_CASE("seed: no date in a plain sentence", "[text][date]") {
  CHECK_FALSE(Find("He said he would go."));
  CHECK_FALSE(Find(""));
  Span span;
  CHECK_FALSE(FindDocumentDate("He said he would go.", &span));
}

TEST_CASE("names that are not dates", "[text][date]") {
  CHECK_FALSE(Find("Sun Microsystems said it would sue."));
  CHECK_FALSE(Find("May I ask a question?"));
  CHECK_FALSE(Find("He led the March on Washington."));
  CHECK_FALSE(Find("Friends of Fridays said Fri-based plans failed."));
  CHECK_FALSE(Find("He told the Baltimore Sun. Then he left."));
  CHECK_FALSE(Find("It was a marvellous sunday in may 2023."));
  CHECK_FALSE(Find("Candidates campaigned ahead of Super Tuesday."));
  CHECK_FALSE(Find("He told The Sunday Times nothing."));
  CHECK_FALSE(Find("He recently said so."));
  CHECK_FALSE(Find("Prices rose 3.5 percent in Q3 and 12:30 passed."));
}

TEST_CASE("May and March with a day are dates", "[text][date]") {
  CHECK(Resolved(Find("He said on May 5 that...")) == "2023-05-05");
  CHECK(Resolved(Find("It ended 3 March 2020.")) == "2020-03-03");
}

TEST_CASE("a day after another event", "[text][date]") {
  std::string_view text = "He resigned a day after the vote.";
  auto e = Find(text);
  CHECK(Surface(text, e) == "a day after");
  CHECK_FALSE(e->resolved);
  CHECK(e->basis == "relative to another event");

  std::string_view linked = "He resigned a day after Tuesday's vote.";
  auto l = Find(linked, "resigned");
  CHECK(Surface(linked, l) == "a day after");
  CHECK(Resolved(l) == "2023-11-29");
  auto before = Find("He spoke the day before the Dec. 5 election.");
  CHECK(Resolved(before) == "2023-12-04");
  CHECK(before->basis == "relative to another event");
}

TEST_CASE("the expression nearest the cue wins", "[text][date]") {
  std::string_view text =
      "On Monday the army moved; officials said Wednesday that it withdrew.";
  auto e = Find(text, "said");
  CHECK(Surface(text, e) == "Wednesday");
  CHECK(Resolved(e) == "2023-11-29");
  auto first = Find(text, "army");
  CHECK(Surface(text, first) == "On Monday");
}

TEST_CASE("the window limits the search", "[text][date]") {
  std::string_view text = "Tuesday he left. He said he would go. Monday.";
  size_t begin = text.find("He said");
  Span window{static_cast<uint32_t>(begin),
              static_cast<uint32_t>(text.find("Monday"))};
  CHECK_FALSE(FindDateExpression(text, window, begin, kFriday));
  Span past_end{0, 100000};
  auto e = FindDateExpression(text, past_end, 0, kFriday);
  CHECK(Surface(text, e) == "Tuesday");
}

TEST_CASE("without an anchor only complete dates resolve", "[text][date]") {
  auto weekday = Find("He said Tuesday that...", "", std::nullopt);
  REQUIRE(weekday);
  CHECK_FALSE(weekday->resolved);
  CHECK_THAT(weekday->basis, Catch::Contains("no document date"));
  auto both = Find("He said Tuesday, citing the December 1, 2023 memo.", "said",
                   std::nullopt);
  CHECK(Resolved(both) == "2023-12-01");
}

TEST_CASE("UTF-8 separators and glued letters", "[text][date]") {
  std::string_view nbsp = "He said\xC2\xA0Tuesday\xE2\x80\x94 that it ended.";
  auto e = Find(nbsp);
  CHECK(Surface(nbsp, e) == "Tuesday");
  std::string_view quoted =
      "\xE2\x80\x9C"  // split: 'D' and 'e' would extend the escape
      "Dec.\xC2\xA0"
      "1, 2023\xE2\x80\x9D";
  CHECK(Resolved(Find(quoted)) == "2023-12-01");
  CHECK_FALSE(Find("Tuesday\xC3\xA9 and \xC3\xA9Monday are not words."));
}

TEST_CASE("arbitrary bytes never crash or read outside the text",
          "[text][date]") {
  std::string bytes;
  uint32_t state = 12345;
  for (int k = 0; k < 20000; ++k) {
    state = state * 1103515245u + 12345u;
    bytes.push_back(static_cast<char>(state >> 24));
    if (k % 97 == 0) bytes += " Dec. 1, 2023 Tues. \xE2\x80";
  }
  for (size_t cut = 0; cut < bytes.size(); cut += 1999) {
    std::string_view text(bytes.data(), cut);
    Span window{0, static_cast<uint32_t>(cut)};
    auto e = FindDateExpression(text, window, cut / 2, kFriday);
    if (e) {
      CHECK(e->span.end <= cut);
      CHECK(e->span.begin < e->span.end);
    }
    Span span;
    FindDocumentDate(text, &span, cut);
  }
  // An inverted window is an empty one.
  CHECK_FALSE(FindDateExpression("Tuesday", Span{5, 2}, 0, kFriday));
}

}  // namespace
}  // namespace claimtrack::text

// Layout of the report charts. The timeline's x axis maps statement days
// linearly onto the plot, padded so marks at the ends are not cut; marks in
// a lane that would overlap are stacked into slots above and below the
// lane's middle, and the lane grows to hold them.
#include "query/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <utility>

#include "query/render_text.h"

namespace claimtrack::query::render {

const char kChartCss[] = R"css(
svg.chart{width:100%;height:auto;font:12px system-ui,sans-serif;background:#fff}
svg.chart .lane{fill:#f6f7f9}
svg.chart .lane.odd{fill:#eceef2}
svg.chart .lane-label{fill:#222;font-weight:600}
svg.chart .grid{stroke:#d5d8de;stroke-width:1}
svg.chart .axis{stroke:#555;stroke-width:1}
svg.chart .tick-label{fill:#444;text-anchor:middle}
svg.chart .undated-sep{stroke:#999;stroke-dasharray:4 3}
svg.chart .axis-break{stroke:#777;stroke-dasharray:2 4}
svg.chart .mark{stroke:#1b1b1b;stroke-width:1}
svg.chart .mark.hollow{fill:#fff;stroke:currentColor;stroke-width:2.5}
svg.chart .ring{fill:none;stroke:#111;stroke-width:2.2}
svg.chart a:hover .mark,svg.chart a:focus .mark{stroke-width:3}
svg.chart .legend text,svg.chart .bar-text,svg.chart .bar-label{fill:#222}
svg.chart .bar{fill:#9ab3d5}
svg.chart .bar-inner{fill:#2f5d9e}
.p-supports{fill:#0072b2;stroke:#0072b2;color:#0072b2}
.p-opposes{fill:#d55e00;stroke:#d55e00;color:#d55e00}
.p-hedges{fill:#e6a700;stroke:#b58300;color:#8a6400}
.p-neutral{fill:#a3a3a3;stroke:#6f6f6f;color:#555}
.s0{fill:#b2182b;stroke:#b2182b;color:#b2182b}
.s1{fill:#ef8a62;stroke:#ef8a62;color:#c0582a}
.s2{fill:#e0c060;stroke:#a08020;color:#8a6c10}
.s3{fill:#67a9cf;stroke:#67a9cf;color:#3a7fab}
.s4{fill:#2166ac;stroke:#2166ac;color:#2166ac}
)css";

namespace {

constexpr double kWidth = 1100, kLeft = 210, kRight = 28, kUndated = 84;
constexpr double kLegendHeight = 36, kLaneMin = 44, kBreakGap = 26;

// Mark sizes: marks stack at most `max_rows` deep, `slot` apart; further
// ones move sideways by `cell`. A lane with many marks uses the compact
// size, so that fewer move away from their dates.
struct MarkSize {
  double radius, ring, slot, cell;
  size_t max_rows;
};
constexpr MarkSize kNormal = {6, 10, 15, 14, 12};
constexpr MarkSize kCompact = {4.2, 7, 10, 10, 24};
constexpr size_t kCompactFrom = 60;  // marks in the busiest lane
constexpr double kAxisHeight = 44;
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Days since 1970-01-01 <-> civil dates (H. Hinnant's algorithms).
int32_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int32_t z, int* y, int* m, int* d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp + (mp < 10 ? 3 : -9);
  *y = yoe + era * 400 + (*m <= 2);
}

struct Tick {
  int32_t day;
  std::string label;
};

// Day ticks for up to three months, month ticks up to four years, year
// ticks beyond; at most about a dozen.
std::vector<Tick> Ticks(int32_t first, int32_t last, int32_t max_ticks) {
  std::vector<Tick> ticks;
  const int32_t span = last - first;
  int y, m, d;
  if (span <= 92) {
    int32_t step = 28;
    for (int32_t s : {1, 2, 7, 14, 28}) {
      if (span / s <= max_ticks) {
        step = s;
        break;
      }
    }
    int32_t day = first;
    if (step >= 7) day += ((4 - day) % 7 + 7) % 7;  // day 4 is a Monday
    for (; day <= last; day += step) {
      CivilFromDays(day, &y, &m, &d);
      std::string label = std::string(kMonths[m - 1]) + " " + std::to_string(d);
      if (ticks.empty()) label.append(" ").append(std::to_string(y));
      ticks.push_back({day, label});
    }
    return ticks;
  }
  CivilFromDays(first, &y, &m, &d);
  if (span <= 4 * 366) {
    int step = 6;
    for (int s : {1, 2, 3, 6}) {
      if (span / (30 * s) <= max_ticks) {
        step = s;
        break;
      }
    }
    for (int yy = y, mm = m + 1;;
         ++mm) {  // the first month start after `first`
      if (mm > 12) {
        mm = 1;
        ++yy;
      }
      const int32_t day = DaysFromCivil(yy, mm, 1);
      if (day > last) break;
      if ((mm - 1) % step != 0) continue;
      std::string label = kMonths[mm - 1];
      if (mm == 1 || ticks.empty())
        label.append(" ").append(std::to_string(yy));
      ticks.push_back({day, label});
    }
    return ticks;
  }
  int step = 50;
  for (int s : {1, 2, 5, 10, 20, 50}) {
    if (span / (365 * s) <= max_ticks) {
      step = s;
      break;
    }
  }
  for (int yy = y + 1;; ++yy) {
    const int32_t day = DaysFromCivil(yy, 1, 1);
    if (day > last) break;
    if (yy % step == 0) ticks.push_back({day, std::to_string(yy)});
  }
  return ticks;
}

void WriteShape(MarkShape shape, double x, double y, double r,
                const std::string& cls, std::ostream& out) {
  const std::string attrs = " class=\"" + HtmlEscape(cls) + "\"";
  switch (shape) {
    case MarkShape::kCircle:
      out << "<circle cx=\"" << Num(x) << "\" cy=\"" << Num(y) << "\" r=\""
          << Num(r) << "\"" << attrs << "/>";
      break;
    case MarkShape::kSquare:
      out << "<rect x=\"" << Num(x - r * 0.85) << "\" y=\"" << Num(y - r * 0.85)
          << "\" width=\"" << Num(r * 1.7) << "\" height=\"" << Num(r * 1.7)
          << "\"" << attrs << "/>";
      break;
    case MarkShape::kDiamond:
      out << "<polygon points=\"" << Num(x) << "," << Num(y - r * 1.2) << " "
          << Num(x + r * 1.2) << "," << Num(y) << " " << Num(x) << ","
          << Num(y + r * 1.2) << " " << Num(x - r * 1.2) << "," << Num(y)
          << "\"" << attrs << "/>";
      break;
  }
}

std::string MarkClass(const std::string& cls, bool hollow) {
  return "mark " + cls + (hollow ? " hollow" : "");
}

void WriteLegend(const std::vector<LegendItem>& legend, std::ostream& out) {
  out << "<g class=\"legend\">";
  double x = kLeft;
  for (const LegendItem& item : legend) {
    WriteShape(item.shape, x, 16, 6, MarkClass(item.css_class, item.hollow),
               out);
    if (item.ring) {
      out << "<circle class=\"ring\" cx=\"" << Num(x)
          << "\" cy=\"16\" r=\"10\"/>";
    }
    out << "<text x=\"" << Num(x + 14) << "\" y=\"20\">"
        << HtmlEscape(item.label) << "</text>";
    x += 34 + 6.6 * static_cast<double>(item.label.size());
  }
  out << "</g>\n";
}

// A stretch of the date axis: days [first, last] (padded) drawn over
// pixels [x0, x1]. Dates far apart (1987 and 2023) get separate stretches
// with a break between them, so neither collapses to a point.
struct Segment {
  int32_t first, last;
  double x0, x1;
  double X(int32_t day) const {
    return x0 + (x1 - x0) * (day - first) / static_cast<double>(last - first);
  }
};

std::vector<Segment> Segments(std::vector<int32_t> days, double x0, double x1) {
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  std::vector<Segment> segments;
  if (days.empty()) return segments;
  const int32_t split =
      std::max<int32_t>(120, (days.back() - days.front()) / 3);
  segments.push_back({days.front(), days.front(), 0, 0});
  for (size_t i = 1; i < days.size(); ++i) {
    if (days[i] - days[i - 1] > split)
      segments.push_back({days[i], days[i], 0, 0});
    segments.back().last = days[i];
  }
  // Padding: a week around a single day, 4% of the span otherwise; widths
  // in proportion to the padded spans, at least kMinWidth each.
  constexpr double kMinWidth = 130;
  double total = 0;
  for (Segment& g : segments) {
    const int32_t pad =
        g.first == g.last ? 7 : std::max<int32_t>(1, (g.last - g.first) / 25);
    g.first -= pad;
    g.last += pad;
    total += g.last - g.first;
  }
  const double room = x1 - x0 - kBreakGap * (segments.size() - 1);
  const double spare =
      std::max(0.0, room - kMinWidth * static_cast<double>(segments.size()));
  double x = x0;
  for (Segment& g : segments) {
    g.x0 = x;
    g.x1 = x + kMinWidth + spare * (g.last - g.first) / total;
    x = g.x1 + kBreakGap;
  }
  segments.back().x1 = x1;
  return segments;
}

// Stacks a lane's marks: each at its x in the first free row (0, -1, +1,
// -2...); when max_rows are taken, the nearest free place a cell away to
// either side within [lo, hi]; when there is none, deeper rows.
class LanePacker {
 public:
  explicit LanePacker(const MarkSize& size) : size_(size) {}
  // The x and row of a mark whose date is at `x`.
  std::pair<double, size_t> Place(double x, double lo, double hi) {
    for (int step = 0;; ++step) {
      bool inside = false;
      for (int sign : {1, -1}) {
        if (step == 0 && sign < 0) continue;
        const double p = x + sign * step * size_.cell;
        if (p < lo - 0.5 || p > hi + 0.5) continue;
        inside = true;
        for (size_t row = 0; row < size_.max_rows; ++row) {
          if (Free(row, p)) return Take(row, p);
        }
      }
      if (!inside) break;
    }
    for (size_t row = size_.max_rows;; ++row) {
      if (Free(row, x)) return Take(row, x);
    }
  }
  size_t rows() const { return std::max<size_t>(1, rows_.size()); }

 private:
  bool Free(size_t row, double p) const {
    if (row >= rows_.size()) return true;
    const std::set<double>& taken = rows_[row];
    auto it = taken.lower_bound(p - size_.cell + 0.01);
    return it == taken.end() || *it >= p + size_.cell - 0.01;
  }
  std::pair<double, size_t> Take(size_t row, double p) {
    if (row >= rows_.size()) rows_.resize(row + 1);
    rows_[row].insert(p);
    return {p, row};
  }
  MarkSize size_;
  std::vector<std::set<double>> rows_;
};

}  // namespace

void WriteTimelineSvg(const Chart& chart, std::ostream& out) {
  bool any_undated = false;
  std::vector<int32_t> days;
  for (const ChartMark& m : chart.marks) {
    if (m.when.undated()) {
      any_undated = true;
    } else {
      days.push_back(m.when.day);
    }
  }
  const double x0 = kLeft, x1 = kWidth - kRight - (any_undated ? kUndated : 0);
  const std::vector<Segment> segments = Segments(days, x0, x1);
  const auto x_of = [&](const store::When& w) {
    if (w.undated()) return x1 + kUndated / 2 + 6;
    for (const Segment& g : segments) {
      if (w.day <= g.last) return g.X(w.day);
    }
    return x1;
  };

  std::vector<size_t> per_lane(chart.lanes.size(), 0);
  for (const ChartMark& m : chart.marks) {
    if (m.lane < per_lane.size()) ++per_lane[m.lane];
  }
  const MarkSize& size =
      !per_lane.empty() && *std::max_element(per_lane.begin(),
                                             per_lane.end()) >= kCompactFrom
          ? kCompact
          : kNormal;

  // Place the marks lane by lane, in date order.
  std::vector<double> mark_x(chart.marks.size()), offsets(chart.marks.size());
  std::vector<size_t> rows_per_lane(chart.lanes.size(), 1);
  for (size_t lane = 0; lane < chart.lanes.size(); ++lane) {
    std::vector<size_t> order;
    for (size_t i = 0; i < chart.marks.size(); ++i) {
      if (chart.marks[i].lane == lane) order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return chart.marks[a].when < chart.marks[b].when;
    });
    LanePacker packer(size);
    for (size_t i : order) {
      const bool undated = chart.marks[i].when.undated();
      const double lo = undated ? x1 + 18 : x0 + 4;
      const double hi = undated ? x1 + kUndated - 6 : x1 - 4;
      const auto [x, row] = packer.Place(x_of(chart.marks[i].when), lo, hi);
      mark_x[i] = x;
      const double step = static_cast<double>((row + 1) / 2);
      offsets[i] = (row % 2 ? -step : step) * size.slot;
    }
    rows_per_lane[lane] = packer.rows();
  }
  std::vector<double> lane_top(chart.lanes.size() + 1, kLegendHeight);
  for (size_t lane = 0; lane < chart.lanes.size(); ++lane) {
    const double h = std::max(kLaneMin, rows_per_lane[lane] * size.slot + 18);
    lane_top[lane + 1] = lane_top[lane] + h;
  }
  const double plot_bottom = lane_top.back();
  const double height = plot_bottom + kAxisHeight;

  out << "<svg class=\"chart\" viewBox=\"0 0 " << Num(kWidth) << " "
      << Num(height) << "\" role=\"img\" aria-label=\""
      << HtmlEscape(chart.label) << "\">\n";
  WriteLegend(chart.legend, out);
  for (size_t lane = 0; lane < chart.lanes.size(); ++lane) {
    const double top = lane_top[lane], h = lane_top[lane + 1] - top;
    out << "<rect class=\"lane" << (lane % 2 ? " odd" : "") << "\" x=\"0\" y=\""
        << Num(top) << "\" width=\"" << Num(kWidth) << "\" height=\"" << Num(h)
        << "\"/><text class=\"lane-label\" x=\"" << Num(kLeft - 16) << "\" y=\""
        << Num(top + h / 2 + 4) << "\" text-anchor=\"end\"><title>"
        << HtmlEscape(chart.lanes[lane]) << "</title>"
        << HtmlEscape(Truncate(chart.lanes[lane], 22)) << "</text>\n";
  }
  // The axis: a line per stretch, grid lines through the lanes at the
  // ticks, labels kept apart, a break mark between stretches.
  double last_label = -1e9;
  for (size_t k = 0; k < segments.size(); ++k) {
    const Segment& g = segments[k];
    out << "<line class=\"axis\" x1=\"" << Num(g.x0) << "\" y1=\""
        << Num(plot_bottom) << "\" x2=\"" << Num(g.x1) << "\" y2=\""
        << Num(plot_bottom) << "\"/>\n";
    if (k > 0) {
      const double bx = g.x0 - kBreakGap / 2;
      out << "<line class=\"axis-break\" x1=\"" << Num(bx) << "\" y1=\""
          << Num(kLegendHeight) << "\" x2=\"" << Num(bx) << "\" y2=\""
          << Num(plot_bottom + 6) << "\"/>\n";
    }
    std::vector<Tick> ticks =
        Ticks(g.first, g.last,
              std::max<int32_t>(1, static_cast<int32_t>((g.x1 - g.x0) / 75)));
    if (ticks.empty()) {  // a short stretch: label its middle day
      const int32_t mid = g.first + (g.last - g.first) / 2;
      ticks = Ticks(mid, mid, 1);
    }
    for (const Tick& t : ticks) {
      const double x = g.X(t.day);
      out << "<line class=\"grid\" x1=\"" << Num(x) << "\" y1=\""
          << Num(kLegendHeight) << "\" x2=\"" << Num(x) << "\" y2=\""
          << Num(plot_bottom + 5) << "\"/>";
      const double half = 3.5 * static_cast<double>(t.label.size());
      if (x - last_label >= 2 * half + 10 && x + half <= kWidth) {
        out << "<text class=\"tick-label\" x=\"" << Num(x) << "\" y=\""
            << Num(plot_bottom + 20) << "\">" << HtmlEscape(t.label)
            << "</text>";
        last_label = x;
      }
      out << "\n";
    }
  }
  if (any_undated) {
    out << "<line class=\"undated-sep\" x1=\"" << Num(x1 + 6) << "\" y1=\""
        << Num(kLegendHeight) << "\" x2=\"" << Num(x1 + 6) << "\" y2=\""
        << Num(plot_bottom) << "\"/><text class=\"tick-label\" x=\""
        << Num(x1 + kUndated / 2 + 6) << "\" y=\"" << Num(plot_bottom + 20)
        << "\">undated</text>\n";
  }
  if (chart.marks.empty()) {
    out << "<text class=\"tick-label\" x=\"" << Num((x0 + x1) / 2) << "\" y=\""
        << Num(kLegendHeight + 26) << "\">no claims</text>\n";
  }
  for (size_t i = 0; i < chart.marks.size(); ++i) {
    const ChartMark& m = chart.marks[i];
    if (m.lane >= chart.lanes.size()) continue;
    const double x = mark_x[i];
    const double y = (lane_top[m.lane] + lane_top[m.lane + 1]) / 2 + offsets[i];
    out << "<a href=\"" << HtmlEscape(m.href) << "\"><title>"
        << HtmlEscape(Truncate(m.tooltip, 300)) << "</title>";
    if (m.ring) {
      out << "<circle class=\"ring\" cx=\"" << Num(x) << "\" cy=\"" << Num(y)
          << "\" r=\"" << Num(size.ring) << "\"/>";
    }
    WriteShape(m.shape, x, y, size.radius, MarkClass(m.css_class, m.hollow),
               out);
    out << "</a>\n";
  }
  out << "</svg>\n";
}

void WriteBarsSvg(const std::string& label, const std::vector<Bar>& bars,
                  const std::string& value_meaning,
                  const std::string& inner_meaning, std::ostream& out) {
  constexpr double kBar = 22, kGap = 10, kMaxBar = 620;
  // The scale ends at the next multiple of 10% above the longest bar, so
  // small shares stay visible; its ends are labelled.
  double longest = 0;
  for (const Bar& bar : bars) longest = std::max(longest, bar.value);
  const double full =
      std::clamp(std::ceil(std::min(longest, 1.0) * 10 - 1e-9) / 10, 0.1, 1.0);
  const double plot_bottom = kLegendHeight + bars.size() * (kBar + kGap);
  const double height = plot_bottom + 26;
  out << "<svg class=\"chart\" viewBox=\"0 0 " << Num(kWidth) << " "
      << Num(height) << "\" role=\"img\" aria-label=\"" << HtmlEscape(label)
      << "\">\n<g class=\"legend\"><rect class=\"bar\" x=\"" << Num(kLeft)
      << "\" y=\"9\" width=\"14\" height=\"14\"/><text x=\"" << Num(kLeft + 20)
      << "\" y=\"20\">" << HtmlEscape(value_meaning)
      << "</text><rect class=\"bar-inner\" x=\""
      << Num(kLeft + 40 + 6.6 * value_meaning.size())
      << "\" y=\"9\" width=\"14\" height=\"14\"/><text x=\""
      << Num(kLeft + 60 + 6.6 * value_meaning.size()) << "\" y=\"20\">"
      << HtmlEscape(inner_meaning) << "</text></g>\n";
  double y = kLegendHeight;
  for (const Bar& bar : bars) {
    const double value = std::clamp(bar.value, 0.0, 1.0);
    const double w = kMaxBar * value / full;
    const double inner = kMaxBar * std::clamp(bar.inner, 0.0, value) / full;
    out << "<text class=\"bar-label\" x=\"" << Num(kLeft - 16) << "\" y=\""
        << Num(y + kBar / 2 + 4) << "\" text-anchor=\"end\"><title>"
        << HtmlEscape(bar.label) << "</title>"
        << HtmlEscape(Truncate(bar.label, 22))
        << "</text><rect class=\"bar\" x=\"" << Num(kLeft) << "\" y=\""
        << Num(y) << "\" width=\"" << Num(w) << "\" height=\"" << Num(kBar)
        << "\"/><rect class=\"bar-inner\" x=\"" << Num(kLeft) << "\" y=\""
        << Num(y) << "\" width=\"" << Num(inner) << "\" height=\"" << Num(kBar)
        << "\"/><text class=\"bar-text\" x=\"" << Num(kLeft + w + 8)
        << "\" y=\"" << Num(y + kBar / 2 + 4) << "\">" << HtmlEscape(bar.text)
        << "</text>\n";
    y += kBar + kGap;
  }
  for (double f : {0.0, 0.5, 1.0}) {
    const double x = kLeft + kMaxBar * f;
    out << "<line class=\"grid\" x1=\"" << Num(x) << "\" y1=\""
        << Num(kLegendHeight - 4) << "\" x2=\"" << Num(x) << "\" y2=\""
        << Num(plot_bottom) << "\"/><text class=\"tick-label\" x=\"" << Num(x)
        << "\" y=\"" << Num(plot_bottom + 16) << "\">"
        << static_cast<int>(std::lround(full * f * 100)) << "%</text>\n";
  }
  out << "</svg>\n";
}

}  // namespace claimtrack::query::render

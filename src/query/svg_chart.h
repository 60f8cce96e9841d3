// Inline SVG charts for the HTML reports: a timeline with one lane per
// holder (or outlet) and a mark per claim, and horizontal bars of shares.
// Names and tooltips are untrusted text and are escaped here; CSS classes
// and hrefs are the caller's own fixed strings. The marks' colors come from
// kChartCss, which the page includes.
#ifndef CLAIMTRACK_QUERY_SVG_CHART_H_
#define CLAIMTRACK_QUERY_SVG_CHART_H_

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "store/coding.h"

namespace claimtrack::query::render {

enum class MarkShape { kCircle, kSquare, kDiamond };

struct ChartMark {
  size_t lane = 0;
  store::When when;       // undated marks go to an "undated" column
  std::string css_class;  // fill color, e.g. "p-supports"
  MarkShape shape = MarkShape::kCircle;
  bool hollow = false;  // outline only
  bool ring = false;    // highlighted: a ring around the mark
  std::string tooltip;  // untrusted text
  std::string href;     // "#row-3"
};

struct LegendItem {
  std::string css_class;
  MarkShape shape = MarkShape::kCircle;
  bool hollow = false;
  bool ring = false;
  std::string label;  // the caller's text
};

struct Chart {
  std::string label;               // aria-label: what the chart shows
  std::vector<std::string> lanes;  // untrusted names, top to bottom
  std::vector<ChartMark> marks;
  std::vector<LegendItem> legend;
};

// One <svg> element; the date axis spans the dated marks and chooses day,
// month or year ticks so that labels do not overlap.
void WriteTimelineSvg(const Chart& chart, std::ostream& out);

struct Bar {
  std::string label;  // untrusted
  double value = 0;   // 0..1, the bar's length
  double inner = 0;   // 0..1, a darker part of it
  std::string text;   // shown after the bar
};

// Horizontal bars, one per item, with the meaning of the two parts.
void WriteBarsSvg(const std::string& label, const std::vector<Bar>& bars,
                  const std::string& value_meaning,
                  const std::string& inner_meaning, std::ostream& out);

// The CSS of the charts' classes (positions p-*, specificity s0..s4).
extern const char kChartCss[];

}  // namespace claimtrack::query::render

#endif  // CLAIMTRACK_QUERY_SVG_CHART_H_

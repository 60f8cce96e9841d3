#include "query/rows.h"

namespace claimtrack::query {

const char* PositionName(Position position) {
  switch (position) {
    case Position::kNeutral:
      return "neutral";
    case Position::kSupports:
      return "supports";
    case Position::kOpposes:
      return "opposes";
    case Position::kHedges:
      return "hedges";
  }
  return "neutral";
}

const char* RelationName(Relation relation) {
  switch (relation) {
    case Relation::kOwn:
      return "own";
    case Relation::kAffiliated:
      return "affiliated";
    case Relation::kAbout:
      return "about";
    case Relation::kReported:
      return "reported";
  }
  return "own";
}

}  // namespace claimtrack::query

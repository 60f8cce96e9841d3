// Describing stored records (store/kv_format.h). One function per prefix
// byte of schema/keys.md; each decodes the key with its codec, then the
// value with the decoder the prefix table names, and prints every field.
#include "store/kv_format.h"

#include <cstdio>
#include <vector>

#include "common/utf8.h"
#include "store/keys.h"
#include "store/records.h"
#include "store/term_postings.h"

namespace claimtrack::store {

namespace {

constexpr size_t kTextCodePoints = 80;

// A decoded key and value, as the text after the prefix byte.
struct Described {
  std::string key;
  std::string value;  // "" for an empty value
};

// Code points that would change how a terminal shows what follows them.
bool EscapedCodePoint(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

std::string Hex2(unsigned char c) {
  static const char kDigits[] = "0123456789abcdef";
  return {kDigits[c >> 4], kDigits[c & 0xF]};
}

// A u32 (a term hash, a copy key) as 8 hex digits.
std::string U32Hex(uint32_t v) {
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) {
    out += Hex2(static_cast<unsigned char>(v >> shift));
  }
  return out;
}

// Claims by number (`claim#12`), the rest by id: a claim's number is not
// its id (schema/keys.md, format version 7).
std::string Id(NodeKind kind, uint64_t id) {
  if (kind == NodeKind::kClaim) return "claim#" + std::to_string(id);
  return std::string(NodeKindName(kind)) + ":" + HexId(id);
}

std::string NodeText(Node node) { return Id(node.kind, node.id); }

std::string TimeOfDay(uint32_t second) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02u:%02u:%02u", second / 3600,
                second / 60 % 60, second % 60);
  return buf;
}

// "2023-11-28", "2023-11-28T15:01:01", "undated".
std::string WhenText(When when) {
  std::string out =
      when.undated() ? std::string("undated") : IsoDateFromDay(when.day);
  if (when.second != 0) out += "T" + TimeOfDay(when.second);
  return out;
}

// The span's text when the document's text was given (claims store spans
// only), and its offsets.
std::string SpanText(const Span& span, std::string_view text) {
  // Appended, as GCC 12 warns (-Wrestrict, a false positive) on "@" + a
  // string temporary.
  std::string offsets = "@";
  offsets.append(std::to_string(span.begin))
      .append("-")
      .append(std::to_string(span.end));
  if (text.empty() || span.end > text.size()) return offsets;
  return QuoteText(span.In(text), kTextCodePoints) + offsets;
}

std::string OptSpanText(const std::optional<Span>& span,
                        std::string_view text) {
  return span ? SpanText(*span, text) : "none";
}

Status NotEmpty(std::string_view value) {
  return Status::Corruption("value should be empty but has " +
                            std::to_string(value.size()) + " bytes");
}

Result<Described> Meta(std::string_view key, std::string_view value) {
  ASSIGN_OR_RETURN(const MetaKey k, MetaKey::Decode(key));
  Decoder d(value);
  if (k.name == kFormatVersionName || k.name == kUpgradingName) {
    uint32_t version;
    if (!d.GetU32(&version) || !d.done()) {
      return Status::Corruption("undecodable " + k.name + " value");
    }
    return Described{QuoteText(k.name),
                     std::string(k.name == kUpgradingName ? "from " : "") +
                         "version=" + std::to_string(version)};
  }
  if (k.name == kCreatedByName || k.name == kLinksPendingName) {
    std::string text;
    if (!d.GetLstr(&text) || !d.done()) {
      return Status::Corruption("undecodable " + k.name + " value");
    }
    return Described{QuoteText(k.name), "text=" + QuoteText(text)};
  }
  if (k.name == kUpgradeNumbersName) {
    uint64_t next, doc_num;
    if (!d.GetU64(&next) || !d.GetU64(&doc_num) || !d.done()) {
      return Status::Corruption("undecodable " + k.name + " value");
    }
    return Described{QuoteText(k.name), "next=" + std::to_string(next) +
                                            " after " +
                                            Id(NodeKind::kDocument, doc_num)};
  }
  if (k.name == kUpgradeClaimsName) {
    uint64_t last;
    if (!d.GetU64(&last) || !d.done()) {
      return Status::Corruption("undecodable " + k.name + " value");
    }
    return Described{QuoteText(k.name), "after claim#" + std::to_string(last)};
  }
  return Status::Corruption("unknown meta record " + QuoteText(k.name));
}

Result<Described> Document(std::string_view key, std::string_view value) {
  ASSIGN_OR_RETURN(const DocumentKey k, DocumentKey::Decode(key));
  DocumentRecord r;
  RETURN_IF_ERROR(DecodeDocument(value, &r));
  std::string v =
      "document id=" + QuoteText(r.doc.id) + " date=" + QuoteText(r.doc.date);
  if (r.doc.time_of_day >= 0) {
    v += " time=" + TimeOfDay(static_cast<uint32_t>(r.doc.time_of_day));
  }
  v += " title=" + QuoteText(r.doc.title, kTextCodePoints) +
       " outlet=" + QuoteText(r.doc.outlet) +
       " url=" + QuoteText(r.doc.url, kTextCodePoints) +
       " origin=" + QuoteText(r.doc.origin) +
       " text_kind=" + (r.text_kind == TextKind::kFull ? "full" : "sparse") +
       " claims=" + std::to_string(r.claims) +
       " text=" + QuoteText(r.doc.text, kTextCodePoints);
  return Described{HexId(k.doc_num), std::move(v)};
}

Result<Described> TextHash(std::string_view key, std::string_view value) {
  ASSIGN_OR_RETURN(const TextHashKey k, TextHashKey::Decode(key));
  Decoder d(value);
  uint64_t doc_num;
  if (!d.GetU64(&doc_num) || !d.done()) {
    return Status::Corruption("undecodable text-hash value");
  }
  return Described{HexId(k.text_hash), Id(NodeKind::kDocument, doc_num)};
}

std::string SpeakerText(const ClaimRecord& r, std::string_view text) {
  const Speaker& s = r.claim.speaker;
  std::string out =
      "speaker=" + QuoteText(s.name) + " kind=" + SpeakerKindName(s.kind) +
      " title=" + QuoteText(s.title) +
      " affiliation=" + QuoteText(s.affiliation) + " when=" + WhenText(r.when);
  out += " antecedent=" + OptSpanText(s.antecedent, text);
  if (const std::optional<Anonymity>& a = r.claim.anonymous) {
    out += " anonymous=(descriptor=" + QuoteText(a->descriptor) + " " +
           SpanText(a->descriptor_span, text) +
           " reason=" + OptSpanText(a->reason, text) + ")";
  } else {
    out += " anonymous=none";
  }
  return out;
}

Result<Described> ClaimLine(std::string_view key, std::string_view value,
                            std::string_view text) {
  ASSIGN_OR_RETURN(const ClaimKey k, ClaimKey::Decode(key));
  ClaimRecord r;
  RETURN_IF_ERROR(DecodeClaim(k.claim_id, value, &r));
  const Claim& c = r.claim;
  std::string v = "claim doc=" + QuoteText(c.doc) +
                  " type=" + ClaimTypeName(c.type) + " " +
                  SpeakerText(r, text) +
                  " sentence=" + std::to_string(c.sentence) + " content=";
  for (size_t i = 0; i < c.content.size(); ++i) {
    if (i > 0) v += "+";
    v += SpanText(c.content[i], text);
  }
  v += " cue=" + OptSpanText(c.cue, text) +
       " source=" + OptSpanText(c.source, text) +
       " date=" + QuoteText(c.date.resolved) +
       " date_expr=" + OptSpanText(c.date.expr, text) +
       " basis=" + QuoteText(c.date.basis) + " mentions=[";
  for (size_t i = 0; i < c.mentions.size(); ++i) {
    const Mention& m = c.mentions[i];
    if (i > 0) v += ", ";
    v += QuoteText(m.name) + "/" + SpeakerKindName(m.kind) + " " +
         SpanText(m.span, text) + " " +
         Id(NodeKind::kEntity, r.mention_entities[i]);
  }
  v += "] speaker_entity=" + HexId(r.speaker_entity) +
       (r.speaker_global ? " (global)" : "") +
       " affiliation_entity=" + HexId(r.affiliation_entity) +
       " nation_entity=" + HexId(r.nation_entity) +
       " doc_num=" + HexId(r.doc_num);
  return Described{Id(NodeKind::kClaim, k.claim_id) + " id=" + c.id,
                   std::move(v)};
}

Result<Described> ClaimNumber(std::string_view key, std::string_view value) {
  ASSIGN_OR_RETURN(const ClaimNumberKey k, ClaimNumberKey::Decode(key));
  Decoder d(value);
  uint64_t num;
  if (!d.GetU64(&num) || !d.done()) {
    return Status::Corruption("undecodable claim-number value");
  }
  return Described{"id=" + HexId(k.claim_id), Id(NodeKind::kClaim, num)};
}

Result<Described> ClaimById(std::string_view key, std::string_view value) {
  ASSIGN_OR_RETURN(const ClaimByIdKey k, ClaimByIdKey::Decode(key));
  if (!value.empty()) return NotEmpty(value);
  char high[16];
  std::snprintf(high, sizeof high, "%08x", k.id_high);
  return Described{
      std::string("id-high=") + high + " " + Id(NodeKind::kClaim, k.claim_num),
      ""};
}

Result<Described> Entity(std::string_view key, std::string_view value) {
  ASSIGN_OR_RETURN(const EntityKey k, EntityKey::Decode(key));
  EntityRecord r;
  RETURN_IF_ERROR(DecodeEntity(value, &r));
  std::string v = std::string("entity kind=") + SpeakerKindName(r.kind) +
                  " key=" + QuoteText(r.key_name) +
                  " name=" + QuoteText(r.display_name) + " scope=" +
                  (r.scope_doc == 0 ? std::string("global")
                                    : Id(NodeKind::kDocument, r.scope_doc));
  if (r.descriptor) {
    v += " descriptor=(rank=" + QuoteText(r.descriptor->rank) +
         " domain=" + QuoteText(r.descriptor->domain) +
         " affiliation=" + QuoteText(r.descriptor->affiliation) +
         (r.descriptor->plural ? " plural)" : " singular)");
  }
  return Described{HexId(k.entity_id), std::move(v)};
}

// An alias entry: its alias, entity and `document` (its first claim, or
// before version 13 its number), the form as written.
Result<Described> AliasLine(std::string_view alias, uint64_t entity_id,
                            std::string document, std::string_view value) {
  std::string written;
  RETURN_IF_ERROR(DecodeAliasForm(alias, value, &written));
  return Described{QuoteText(alias) + " " + Id(NodeKind::kEntity, entity_id) +
                       " " + document,
                   "written=" + QuoteText(written)};
}

Result<Described> Alias(std::string_view key, std::string_view value) {
  ASSIGN_OR_RETURN(const AliasKey k, AliasKey::Decode(key));
  return AliasLine(k.alias, k.entity_id, Id(NodeKind::kClaim, k.first_claim),
                   value);
}

// Format versions 12 and before (an upgrade cut short leaves some).
Result<Described> AliasByDoc(std::string_view key, std::string_view value) {
  ASSIGN_OR_RETURN(const AliasByDocKey k, AliasByDocKey::Decode(key));
  return AliasLine(k.alias, k.entity_id, Id(NodeKind::kDocument, k.doc_num),
                   value);
}

Result<Described> Edge(std::string_view key, std::string_view value) {
  ASSIGN_OR_RETURN(const EdgeKey k, EdgeKey::Decode(key));
  EdgeValue e;
  RETURN_IF_ERROR(DecodeEdgeValue(k.type, value, &e));
  // Each copy is shown in its key's order: the out copy from its source,
  // the in copy from its target with the arrow reversed.
  Described out;
  out.key = k.incoming ? NodeText(k.to) + " <-" + EdgeTypeName(k.type) + " " +
                             NodeText(k.from)
                       : NodeText(k.from) + " " + EdgeTypeName(k.type) + " " +
                             NodeText(k.to);
  if (k.qualifier) {
    out.key += (k.type == EdgeType::kEarlier ? " holder=" : " doc=") +
               HexId(*k.qualifier);
  }
  if (k.type == EdgeType::kEarlier) {
    char sim[32];
    std::snprintf(sim, sizeof sim, "%.3f", e.similarity / 1000.0);
    out.value = "when=" + WhenText(e.when) + " sim=" + sim;
  } else if (k.type == EdgeType::kAffiliated) {
    out.value = "when=" + WhenText(e.when);
  }
  return out;
}

Result<Described> Index(Prefix prefix, std::string_view key,
                        std::string_view value) {
  Described out;
  switch (prefix) {
    case Prefix::kClaimsByDoc: {
      ASSIGN_OR_RETURN(const ClaimsByDocKey k, ClaimsByDocKey::Decode(key));
      out.key = "by-doc " + Id(NodeKind::kDocument, k.doc_num) + " " +
                Id(NodeKind::kClaim, k.claim_id);
      break;
    }
    case Prefix::kClaimsByHolder: {
      ASSIGN_OR_RETURN(const EntityTimeKey k, EntityTimeKey::Decode(key));
      out.key = "holder " + Id(NodeKind::kEntity, k.entity_id) + " " +
                WhenText(k.when) + " " + Id(NodeKind::kClaim, k.claim_id);
      HolderValue h;
      RETURN_IF_ERROR(DecodeHolder(value, &h));
      out.value = std::string("role=") + static_cast<char>(h.role) + " terms=[";
      for (size_t i = 0; i < h.terms.size(); ++i) {
        if (i > 0) out.value += " ";
        out.value += U32Hex(h.terms[i]);
      }
      out.value += "] copy=" + U32Hex(h.copy);
      return out;
    }
    case Prefix::kClaimsByMention: {
      ASSIGN_OR_RETURN(const EntityTimeKey k, EntityTimeKey::Decode(key));
      out.key = "mention " + Id(NodeKind::kEntity, k.entity_id) + " " +
                WhenText(k.when) + " " + Id(NodeKind::kClaim, k.claim_id);
      uint32_t copy = 0;
      RETURN_IF_ERROR(DecodeMentionValue(value, &copy));
      out.value = "copy=" + U32Hex(copy);
      return out;
    }
    case Prefix::kClaimsByTerm: {
      ASSIGN_OR_RETURN(const TermKey k, TermKey::Decode(key));
      out.key = "term " + QuoteText(k.term) + " " + WhenText(When{k.day, 0}) +
                " " + Id(NodeKind::kClaim, k.claim_id);
      break;
    }
    case Prefix::kTermPostings: {
      ASSIGN_OR_RETURN(const TermPostingKey k, TermPostingKey::Decode(key));
      out.key = "term " + QuoteText(k.term) + " " + WhenText(When{k.day, 0});
      TermPostings p;
      RETURN_IF_ERROR(DecodeTermPostings(value, &p));
      auto claims = [](const std::vector<uint64_t>& nums) {
        std::string s;
        for (uint64_t n : nums) {
          if (!s.empty()) s += " ";
          s += Id(NodeKind::kClaim, n);
        }
        return s;
      };
      out.value = "claims=[" + claims(p.add) + "]";
      // Only an operand not merged yet: a read merges them.
      if (!p.remove.empty()) out.value += " removed=[" + claims(p.remove) + "]";
      return out;
    }
    case Prefix::kQuotation: {
      ASSIGN_OR_RETURN(const QuotationKey k, QuotationKey::Decode(key));
      out.key = "quotation " + HexId(k.quote_hash) + " " + WhenText(k.when) +
                " " + Id(NodeKind::kClaim, k.claim_id);
      break;
    }
    case Prefix::kClaimsByDay: {
      ASSIGN_OR_RETURN(const ClaimsByDayKey k, ClaimsByDayKey::Decode(key));
      out.key = "by-day " + WhenText(When{k.day, 0}) + " " +
                Id(NodeKind::kDocument, k.doc_num) + " " +
                Id(NodeKind::kClaim, k.claim_id);
      SpeakerKind kind;
      RETURN_IF_ERROR(DecodeDayValue(value, &kind));
      out.value = std::string("speaker=") + SpeakerKindName(kind);
      return out;
    }
    case Prefix::kEntityFact: {
      ASSIGN_OR_RETURN(const EntityFactKey k, EntityFactKey::Decode(key));
      out.key = "fact " + Id(NodeKind::kEntity, k.entity_id) + " " +
                (k.fact == Fact::kTitle ? "title " : "affiliation ") +
                WhenText(k.when) + " " + QuoteText(k.value) + " " +
                Id(NodeKind::kDocument, k.doc_num);
      break;
    }
    case Prefix::kMembers: {
      ASSIGN_OR_RETURN(const MemberKey k, MemberKey::Decode(key));
      out.key = "member " + Id(NodeKind::kEntity, k.body) + " " +
                Id(NodeKind::kEntity, k.member) + " " +
                Id(NodeKind::kDocument, k.doc_num);
      break;
    }
    default:
      return Status::Corruption("not an index prefix");
  }
  if (!value.empty()) return NotEmpty(value);
  return out;
}

Result<Described> Describe(Prefix prefix, std::string_view key,
                           std::string_view value, std::string_view text) {
  switch (prefix) {
    case Prefix::kMeta:
      return Meta(key, value);
    case Prefix::kDocument:
      return Document(key, value);
    case Prefix::kTextHash:
      return TextHash(key, value);
    case Prefix::kClaim:
      return ClaimLine(key, value, text);
    case Prefix::kClaimNumber:
      return ClaimNumber(key, value);
    case Prefix::kClaimById:
      return ClaimById(key, value);
    case Prefix::kEntity:
      return Entity(key, value);
    case Prefix::kAlias:
      return Alias(key, value);
    case Prefix::kAliasByDoc:
      return AliasByDoc(key, value);
    case Prefix::kEdgeOut:
    case Prefix::kEdgeIn:
      return Edge(key, value);
    default:
      return Index(prefix, key, value);
  }
}

}  // namespace

Result<std::string> DescribeRecord(Cf cf, std::string_view key,
                                   std::string_view value,
                                   std::string_view doc_text) {
  ASSIGN_OR_RETURN(const Prefix prefix, PrefixOf(key));
  const std::string prefix_hex = Hex2(static_cast<unsigned char>(prefix));
  if (CfOf(prefix) != cf) {
    return Status::Corruption("a key with prefix " + prefix_hex +
                              " belongs in family " + CfName(CfOf(prefix)) +
                              ", not " + CfName(cf));
  }
  ASSIGN_OR_RETURN(const Described d, Describe(prefix, key, value, doc_text));
  std::string line = std::string(CfName(cf)) + " " + prefix_hex + " " + d.key;
  if (!d.value.empty()) line += " -> " + d.value;
  return line;
}

std::string QuoteText(std::string_view text, size_t max_code_points) {
  const size_t cut = max_code_points == 0
                         ? text.size()
                         : utf8::PrefixBytes(text, max_code_points);
  const std::string_view shown = text.substr(0, cut);
  std::string out = "\"";
  size_t i = 0;
  while (i < shown.size()) {
    const unsigned char c = static_cast<unsigned char>(shown[i]);
    const size_t n = utf8::SequenceLength(shown, i);
    if (n == 0) {
      out += "\\x" + Hex2(c);
      ++i;
      continue;
    }
    const std::string_view seq = shown.substr(i, n);
    i += n;
    if (n == 1) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          if (c < 0x20 || c == 0x7F) {
            out += "\\x" + Hex2(c);
          } else {
            out.push_back(static_cast<char>(c));
          }
      }
      continue;
    }
    const uint32_t cp = utf8::DecodeAt(seq, 0, seq.size());
    if (EscapedCodePoint(cp)) {
      out += "\\u" + Hex2(static_cast<unsigned char>(cp >> 8)) +
             Hex2(static_cast<unsigned char>(cp));
    } else {
      out.append(seq);
    }
  }
  out.push_back('"');
  if (cut < text.size()) {
    out += "\u2026(" + std::to_string(text.size()) + " bytes)";
  }
  return out;
}

std::string HexBytes(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) out += Hex2(c);
  return out;
}

}  // namespace claimtrack::store

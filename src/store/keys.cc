// The key codec (schema/keys.md, "Prefix table"). Every Decode checks the
// prefix byte, each component, and that nothing is left over.
#include "store/keys.h"

namespace claimtrack::store {

namespace {

Status Bad(std::string_view what, std::string_view key) {
  return Status::Corruption(std::string("undecodable ") + std::string(what) +
                            " key: " + EscapeBytes(key));
}

// Checks the prefix byte and returns a decoder positioned after it.
bool Start(std::string_view key, Prefix prefix, Decoder* d) {
  uint8_t p;
  *d = Decoder(key);
  return d->GetU8(&p) && p == static_cast<uint8_t>(prefix);
}

std::string Begin(Prefix prefix) {
  return std::string(1, static_cast<char>(prefix));
}

void PutNode(std::string* out, Node node) {
  PutU8(out, static_cast<uint8_t>(node.kind));
  PutU64(out, node.id);
}

bool GetNode(Decoder* d, Node* node) {
  uint8_t kind;
  if (!d->GetU8(&kind) || kind < 1 || kind > 3) return false;
  node->kind = static_cast<NodeKind>(kind);
  return d->GetU64(&node->id);
}

bool GetEdgeType(Decoder* d, EdgeType* type) {
  uint8_t t;
  if (!d->GetU8(&t) || t < 1 || t > 6) return false;
  *type = static_cast<EdgeType>(t);
  return true;
}

}  // namespace

const char* EdgeTypeName(EdgeType type) {
  switch (type) {
    case EdgeType::kSaid:
      return "SAID";
    case EdgeType::kMentions:
      return "MENTIONS";
    case EdgeType::kIn:
      return "IN";
    case EdgeType::kAffiliated:
      return "AFFILIATED";
    case EdgeType::kEarlier:
      return "EARLIER";
    case EdgeType::kRepeats:
      return "REPEATS";
  }
  return "?";
}

bool EdgeHasQualifier(EdgeType type) {
  return type == EdgeType::kAffiliated || type == EdgeType::kEarlier;
}

bool EdgeHasMirror(EdgeType type) {
  return type == EdgeType::kAffiliated || type == EdgeType::kEarlier ||
         type == EdgeType::kRepeats;
}

const char* NodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kDocument:
      return "document";
    case NodeKind::kClaim:
      return "claim";
    case NodeKind::kEntity:
      return "entity";
  }
  return "?";
}

std::string MetaKey::Encode() const {
  std::string k = Begin(Prefix::kMeta);
  PutStr(&k, name);
  return k;
}

Result<MetaKey> MetaKey::Decode(std::string_view key) {
  Decoder d(key);
  MetaKey k;
  if (!Start(key, Prefix::kMeta, &d) || !d.GetStr(&k.name) || !d.done()) {
    return Bad("meta", key);
  }
  return k;
}

std::string DocumentKey::Encode() const {
  std::string k = Begin(Prefix::kDocument);
  PutU64(&k, doc_num);
  return k;
}

Result<DocumentKey> DocumentKey::Decode(std::string_view key) {
  Decoder d(key);
  DocumentKey k;
  if (!Start(key, Prefix::kDocument, &d) || !d.GetU64(&k.doc_num) ||
      !d.done()) {
    return Bad("document", key);
  }
  return k;
}

std::string TextHashKey::Encode() const {
  std::string k = Begin(Prefix::kTextHash);
  PutU64(&k, text_hash);
  return k;
}

Result<TextHashKey> TextHashKey::Decode(std::string_view key) {
  Decoder d(key);
  TextHashKey k;
  if (!Start(key, Prefix::kTextHash, &d) || !d.GetU64(&k.text_hash) ||
      !d.done()) {
    return Bad("text-hash", key);
  }
  return k;
}

std::string ClaimKey::Encode() const {
  std::string k = Begin(Prefix::kClaim);
  PutU64(&k, claim_id);
  return k;
}

Result<ClaimKey> ClaimKey::Decode(std::string_view key) {
  Decoder d(key);
  ClaimKey k;
  if (!Start(key, Prefix::kClaim, &d) || !d.GetU64(&k.claim_id) || !d.done()) {
    return Bad("claim", key);
  }
  return k;
}

bool KeyEndsWithClaimNumber(Prefix prefix) {
  switch (prefix) {
    case Prefix::kClaim:
    case Prefix::kClaimById:
    case Prefix::kClaimsByDoc:
    case Prefix::kClaimsByHolder:
    case Prefix::kClaimsByMention:
    case Prefix::kClaimsByTerm:
    case Prefix::kQuotation:
    case Prefix::kClaimsByDay:
    case Prefix::kAlias:
      return true;
    default:
      return false;
  }
}

std::string ClaimNumberKey::Encode() const {
  std::string k = Begin(Prefix::kClaimNumber);
  PutU64(&k, claim_id);
  return k;
}

Result<ClaimNumberKey> ClaimNumberKey::Decode(std::string_view key) {
  Decoder d(key);
  ClaimNumberKey k;
  if (!Start(key, Prefix::kClaimNumber, &d) || !d.GetU64(&k.claim_id) ||
      !d.done()) {
    return Bad("claim-number", key);
  }
  return k;
}

std::string ClaimByIdKey::Encode() const {
  std::string k = Begin(Prefix::kClaimById);
  PutU32(&k, id_high);
  PutU64(&k, claim_num);
  return k;
}

Result<ClaimByIdKey> ClaimByIdKey::Decode(std::string_view key) {
  Decoder d(key);
  ClaimByIdKey k;
  if (!Start(key, Prefix::kClaimById, &d) || !d.GetU32(&k.id_high) ||
      !d.GetU64(&k.claim_num) || !d.done()) {
    return Bad("claim-by-id", key);
  }
  return k;
}

std::string ClaimByIdKey::ScanPrefix(uint64_t claim_id) {
  std::string k = Begin(Prefix::kClaimById);
  PutU32(&k, static_cast<uint32_t>(claim_id >> 32));
  return k;
}

std::string EntityKey::Encode() const {
  std::string k = Begin(Prefix::kEntity);
  PutU64(&k, entity_id);
  return k;
}

Result<EntityKey> EntityKey::Decode(std::string_view key) {
  Decoder d(key);
  EntityKey k;
  if (!Start(key, Prefix::kEntity, &d) || !d.GetU64(&k.entity_id) ||
      !d.done()) {
    return Bad("entity", key);
  }
  return k;
}

std::string AliasKey::Encode() const {
  std::string k = ScanPrefix(alias);
  PutU64(&k, entity_id);
  PutU64(&k, first_claim);
  return k;
}

std::string AliasKey::ScanPrefix(std::string_view alias) {
  std::string k = Begin(Prefix::kAlias);
  PutStr(&k, alias);
  return k;
}

Result<AliasKey> AliasKey::Decode(std::string_view key) {
  Decoder d(key);
  AliasKey k;
  if (!Start(key, Prefix::kAlias, &d) || !d.GetStr(&k.alias) ||
      !d.GetU64(&k.entity_id) || !d.GetU64(&k.first_claim) || !d.done()) {
    return Bad("alias", key);
  }
  return k;
}

std::string AliasByDocKey::Encode() const {
  std::string k = Begin(Prefix::kAliasByDoc);
  PutStr(&k, alias);
  PutU64(&k, entity_id);
  PutU64(&k, doc_num);
  return k;
}

Result<AliasByDocKey> AliasByDocKey::Decode(std::string_view key) {
  Decoder d(key);
  AliasByDocKey k;
  if (!Start(key, Prefix::kAliasByDoc, &d) || !d.GetStr(&k.alias) ||
      !d.GetU64(&k.entity_id) || !d.GetU64(&k.doc_num) || !d.done()) {
    return Bad("alias (version 12)", key);
  }
  return k;
}

std::string EdgeKey::ScanPrefix(bool incoming, Node node) {
  std::string k = Begin(incoming ? Prefix::kEdgeIn : Prefix::kEdgeOut);
  PutNode(&k, node);
  return k;
}

std::string EdgeKey::ScanPrefix(bool incoming, Node node, EdgeType type) {
  std::string k = ScanPrefix(incoming, node);
  PutU8(&k, static_cast<uint8_t>(type));
  return k;
}

std::string EdgeKey::Encode() const {
  std::string k = ScanPrefix(incoming, incoming ? to : from, type);
  PutNode(&k, incoming ? from : to);
  if (qualifier) PutU64(&k, *qualifier);
  return k;
}

EdgeKey EdgeKey::Mirror() const {
  EdgeKey m = *this;
  m.incoming = !incoming;
  return m;
}

Result<EdgeKey> EdgeKey::Decode(std::string_view key) {
  EdgeKey k;
  Decoder d(key);
  uint8_t p;
  if (!d.GetU8(&p)) return Bad("edge", key);
  if (p == static_cast<uint8_t>(Prefix::kEdgeIn)) {
    k.incoming = true;
  } else if (p != static_cast<uint8_t>(Prefix::kEdgeOut)) {
    return Bad("edge", key);
  }
  Node first, second;
  if (!GetNode(&d, &first) || !GetEdgeType(&d, &k.type) ||
      !GetNode(&d, &second)) {
    return Bad("edge", key);
  }
  k.from = k.incoming ? second : first;
  k.to = k.incoming ? first : second;
  if (EdgeHasQualifier(k.type)) {
    uint64_t q;
    if (!d.GetU64(&q)) return Bad("edge", key);
    k.qualifier = q;
  }
  if (!d.done()) return Bad("edge", key);
  return k;
}

std::string ClaimsByDocKey::ScanPrefix(uint64_t doc_num) {
  std::string k = Begin(Prefix::kClaimsByDoc);
  PutU64(&k, doc_num);
  return k;
}

std::string ClaimsByDocKey::Encode() const {
  std::string k = ScanPrefix(doc_num);
  PutU64(&k, claim_id);
  return k;
}

Result<ClaimsByDocKey> ClaimsByDocKey::Decode(std::string_view key) {
  Decoder d(key);
  ClaimsByDocKey k;
  if (!Start(key, Prefix::kClaimsByDoc, &d) || !d.GetU64(&k.doc_num) ||
      !d.GetU64(&k.claim_id) || !d.done()) {
    return Bad("claims-by-document", key);
  }
  return k;
}

std::string ClaimsByDayKey::DayStart(int32_t day) {
  std::string k = Begin(Prefix::kClaimsByDay);
  PutI32(&k, day);
  return k;
}

std::string ClaimsByDayKey::Encode() const {
  std::string k = DayStart(day);
  PutU64(&k, doc_num);
  PutU64(&k, claim_id);
  return k;
}

Result<ClaimsByDayKey> ClaimsByDayKey::Decode(std::string_view key) {
  Decoder d(key);
  ClaimsByDayKey k;
  if (!Start(key, Prefix::kClaimsByDay, &d) || !d.GetI32(&k.day) ||
      !d.GetU64(&k.doc_num) || !d.GetU64(&k.claim_id) || !d.done()) {
    return Bad("claims-by-day", key);
  }
  return k;
}

std::string MemberKey::ScanPrefix(uint64_t body) {
  std::string k = Begin(Prefix::kMembers);
  PutU64(&k, body);
  return k;
}

std::string MemberKey::MemberPrefix(uint64_t body, uint64_t member) {
  std::string k = ScanPrefix(body);
  PutU64(&k, member);
  return k;
}

std::string MemberKey::Encode() const {
  std::string k = MemberPrefix(body, member);
  PutU64(&k, doc_num);
  return k;
}

Result<MemberKey> MemberKey::Decode(std::string_view key) {
  Decoder d(key);
  MemberKey k;
  if (!Start(key, Prefix::kMembers, &d) || !d.GetU64(&k.body) ||
      !d.GetU64(&k.member) || !d.GetU64(&k.doc_num) || !d.done()) {
    return Bad("members", key);
  }
  return k;
}

std::string EntityTimeKey::ScanPrefix(store::Prefix prefix,
                                      uint64_t entity_id) {
  std::string k = Begin(prefix);
  PutU64(&k, entity_id);
  return k;
}

std::string EntityTimeKey::Encode() const {
  std::string k = ScanPrefix(prefix, entity_id);
  PutWhen(&k, when);
  PutU64(&k, claim_id);
  return k;
}

Result<EntityTimeKey> EntityTimeKey::Decode(std::string_view key) {
  EntityTimeKey k;
  Decoder d(key);
  uint8_t p;
  if (!d.GetU8(&p) ||
      (p != static_cast<uint8_t>(Prefix::kClaimsByHolder) &&
       p != static_cast<uint8_t>(Prefix::kClaimsByMention)) ||
      !d.GetU64(&k.entity_id) || !d.GetWhen(&k.when) ||
      !d.GetU64(&k.claim_id) || !d.done()) {
    return Bad("entity-time", key);
  }
  k.prefix = static_cast<store::Prefix>(p);
  return k;
}

std::string TermKey::ScanPrefix(std::string_view term) {
  std::string k = Begin(Prefix::kClaimsByTerm);
  PutStr(&k, term);
  return k;
}

std::string TermKey::Encode() const {
  std::string k = ScanPrefix(term);
  PutI32(&k, day);
  PutU64(&k, claim_id);
  return k;
}

Result<TermKey> TermKey::Decode(std::string_view key) {
  Decoder d(key);
  TermKey k;
  if (!Start(key, Prefix::kClaimsByTerm, &d) || !d.GetStr(&k.term) ||
      !d.GetI32(&k.day) || !d.GetU64(&k.claim_id) || !d.done()) {
    return Bad("term", key);
  }
  return k;
}

std::string TermPostingKey::ScanPrefix(std::string_view term) {
  std::string k = Begin(Prefix::kTermPostings);
  PutStr(&k, term);
  return k;
}

std::string TermPostingKey::Encode() const {
  std::string k = ScanPrefix(term);
  PutI32(&k, day);
  return k;
}

Result<TermPostingKey> TermPostingKey::Decode(std::string_view key) {
  Decoder d(key);
  TermPostingKey k;
  if (!Start(key, Prefix::kTermPostings, &d) || !d.GetStr(&k.term) ||
      !d.GetI32(&k.day) || !d.done()) {
    return Bad("term postings", key);
  }
  return k;
}

std::string TermPostingKey::ClaimKeyOfVersion8(uint64_t claim_num) const {
  return TermKey{term, day, claim_num}.Encode();
}

std::string QuotationKey::ScanPrefix(uint64_t quote_hash) {
  std::string k = Begin(Prefix::kQuotation);
  PutU64(&k, quote_hash);
  return k;
}

std::string QuotationKey::Encode() const {
  std::string k = ScanPrefix(quote_hash);
  PutWhen(&k, when);
  PutU64(&k, claim_id);
  return k;
}

Result<QuotationKey> QuotationKey::Decode(std::string_view key) {
  Decoder d(key);
  QuotationKey k;
  if (!Start(key, Prefix::kQuotation, &d) || !d.GetU64(&k.quote_hash) ||
      !d.GetWhen(&k.when) || !d.GetU64(&k.claim_id) || !d.done()) {
    return Bad("quotation", key);
  }
  return k;
}

std::string EntityFactKey::ScanPrefix(uint64_t entity_id) {
  std::string k = Begin(Prefix::kEntityFact);
  PutU64(&k, entity_id);
  return k;
}

std::string EntityFactKey::Encode() const {
  std::string k = ScanPrefix(entity_id);
  PutU8(&k, static_cast<uint8_t>(fact));
  PutWhen(&k, when);
  PutStr(&k, value);
  PutU64(&k, doc_num);
  return k;
}

Result<EntityFactKey> EntityFactKey::Decode(std::string_view key) {
  Decoder d(key);
  EntityFactKey k;
  uint8_t fact;
  if (!Start(key, Prefix::kEntityFact, &d) || !d.GetU64(&k.entity_id) ||
      !d.GetU8(&fact) || fact < 1 || fact > 2 || !d.GetWhen(&k.when) ||
      !d.GetStr(&k.value) || !d.GetU64(&k.doc_num) || !d.done()) {
    return Bad("entity-fact", key);
  }
  k.fact = static_cast<Fact>(fact);
  return k;
}

Result<Prefix> PrefixOf(std::string_view key) {
  if (key.empty()) return Status::Corruption("empty key");
  const uint8_t p = static_cast<uint8_t>(key[0]);
  switch (p) {
    case 0x01:
    case 0x10:
    case 0x11:
    case 0x20:
    case 0x21:
    case 0x22:
    case 0x30:
    case 0x40:
    case 0x41:
    case 0x50:
    case 0x51:
    case 0x60:
    case 0x61:
    case 0x62:
    case 0x63:
    case 0x64:
    case 0x65:
    case 0x66:
    case 0x67:
    case 0x68:
      return static_cast<Prefix>(p);
    default:
      return Status::Corruption("unknown key prefix: " + EscapeBytes(key));
  }
}

std::string PrefixSuccessor(std::string prefix) {
  while (!prefix.empty()) {
    const unsigned char last = static_cast<unsigned char>(prefix.back());
    if (last != 0xFF) {
      prefix.back() = static_cast<char>(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

}  // namespace claimtrack::store

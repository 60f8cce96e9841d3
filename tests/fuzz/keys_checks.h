// The checks of the key codec fuzzer (keys_fuzz.cc), shared with the
// ordinary test suite, which replays the seeds and every regression input
// through them (tests/store/reliability_test.cc).
//
// Input layout (lengths are clamped to what is there, so every input is
// used whole):
//
//   input := u8 family · u16 key_len · key · u16 value_len · value · text
//
// `family` (mod kCfCount) is the column family given to DescribeRecord; `text`
// is the document text it shows a claim's spans with. The seeds in
// tests/fuzz/corpus/keys/ are real records in this layout
// (tests/fuzz/keys_seeds.py writes them from a `kv dump --raw`).
//
// CheckKeysInput returns the first broken promise, "" when none broke:
// - a decoder that fails says Corruption (never another code, never a crash
//   or undefined behaviour: the fuzzer runs under ASan and UBSan);
// - a key that decodes encodes back to the same bytes (the key codec is
//   canonical: two keys never decode to one value) and starts with its
//   ScanPrefix where the type has one;
// - a value that decodes re-encodes to bytes that decode and encode to the
//   same bytes again (values may use longer varints than the encoder
//   writes, so the first re-encoding may differ from the input);
// - DescribeRecord fails only with Corruption, and its line is valid UTF-8
//   free of control characters, so `kv dump` is safe on a terminal.
#ifndef CLAIMTRACK_TESTS_FUZZ_KEYS_CHECKS_H_
#define CLAIMTRACK_TESTS_FUZZ_KEYS_CHECKS_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "claimtrack/status.h"
#include "common/utf8.h"
#include "store/db.h"
#include "store/keys.h"
#include "store/kv_format.h"
#include "store/records.h"
#include "store/term_postings.h"

namespace claimtrack::keys_fuzz {

namespace st = claimtrack::store;

// One input, split as the layout above says.
struct KeysInput {
  st::Cf cf = st::Cf::kDefault;
  std::string_view key, value, text;
};

inline KeysInput SplitKeysInput(std::string_view in) {
  // A big-endian u16 length, then that many bytes (fewer at the end).
  auto take_sized = [&in] {
    size_t n = 0;
    for (int i = 0; i < 2 && !in.empty(); ++i) {
      n = (n << 8) | static_cast<uint8_t>(in[0]);
      in.remove_prefix(1);
    }
    const std::string_view out = in.substr(0, n);
    in.remove_prefix(out.size());
    return out;
  };
  KeysInput input;
  if (in.empty()) return input;
  input.cf = static_cast<st::Cf>(static_cast<uint8_t>(in[0]) % st::kCfCount);
  in.remove_prefix(1);
  input.key = take_sized();
  input.value = take_sized();
  input.text = in;
  return input;
}

class KeysChecker {
 public:
  // The first broken promise for this input, "" when none broke.
  std::string Check(const KeysInput& in) {
    CheckKeys(in.key);
    CheckValues(in.value);
    CheckDescribe(in.cf, in.key, in.value, in.text);
    return first_;
  }

  // How many key types and value types decoded the input (for the replay,
  // which expects each real record to decode as something).
  int keys_decoded() const { return keys_decoded_; }
  int values_decoded() const { return values_decoded_; }
  bool described() const { return described_; }

 private:
  void Violation(const char* what, std::string_view detail) {
    if (first_.empty())
      first_ = std::string(what) + ": " + st::EscapeBytes(detail);
  }

  void ExpectCorruption(const Status& s, const char* decoder) {
    if (!s.ok() && !s.IsCorruption()) Violation(decoder, s.ToString());
  }

  // Decodes `key` as K; when that works, checks the canonical encoding.
  template <typename K>
  void KeyRoundTrip(std::string_view key, const char* name) {
    Result<K> k = K::Decode(key);
    if (!k.ok()) {
      ExpectCorruption(k.status(), name);
      return;
    }
    ++keys_decoded_;
    if (k.value().Encode() != key) Violation(name, key);
  }

  void ExpectPrefix(std::string_view key, const std::string& prefix,
                    const char* name) {
    if (key.substr(0, prefix.size()) != prefix) Violation(name, key);
  }

  void CheckKeys(std::string_view key) {
    KeyRoundTrip<st::MetaKey>(key, "MetaKey");
    KeyRoundTrip<st::DocumentKey>(key, "DocumentKey");
    KeyRoundTrip<st::TextHashKey>(key, "TextHashKey");
    KeyRoundTrip<st::ClaimKey>(key, "ClaimKey");
    KeyRoundTrip<st::ClaimNumberKey>(key, "ClaimNumberKey");
    KeyRoundTrip<st::ClaimByIdKey>(key, "ClaimByIdKey");
    KeyRoundTrip<st::EntityKey>(key, "EntityKey");
    KeyRoundTrip<st::AliasKey>(key, "AliasKey");
    KeyRoundTrip<st::AliasByDocKey>(key, "AliasByDocKey");
    KeyRoundTrip<st::EdgeKey>(key, "EdgeKey");
    KeyRoundTrip<st::ClaimsByDocKey>(key, "ClaimsByDocKey");
    KeyRoundTrip<st::EntityTimeKey>(key, "EntityTimeKey");
    KeyRoundTrip<st::TermKey>(key, "TermKey");
    KeyRoundTrip<st::TermPostingKey>(key, "TermPostingKey");
    KeyRoundTrip<st::QuotationKey>(key, "QuotationKey");
    KeyRoundTrip<st::EntityFactKey>(key, "EntityFactKey");
    KeyRoundTrip<st::ClaimsByDayKey>(key, "ClaimsByDayKey");
    KeyRoundTrip<st::MemberKey>(key, "MemberKey");

    // The scans that find a key start with its ScanPrefix.
    if (auto k = st::AliasKey::Decode(key); k.ok()) {
      ExpectPrefix(key, st::AliasKey::ScanPrefix(k.value().alias),
                   "AliasKey::ScanPrefix");
    }
    if (auto k = st::EdgeKey::Decode(key); k.ok()) {
      const st::EdgeKey& e = k.value();
      const st::Node first = e.incoming ? e.to : e.from;
      ExpectPrefix(key, st::EdgeKey::ScanPrefix(e.incoming, first, e.type),
                   "EdgeKey::ScanPrefix");
      if (e.Mirror().Mirror().Encode() != key) {
        Violation("EdgeKey::Mirror", key);
      }
    }
    if (auto k = st::TermKey::Decode(key); k.ok()) {
      ExpectPrefix(key, st::TermKey::ScanPrefix(k.value().term),
                   "TermKey::ScanPrefix");
    }
    if (auto k = st::TermPostingKey::Decode(key); k.ok()) {
      ExpectPrefix(key, st::TermPostingKey::ScanPrefix(k.value().term),
                   "TermPostingKey::ScanPrefix");
    }
    if (auto k = st::ClaimByIdKey::Decode(key); k.ok()) {
      const uint64_t id = uint64_t{k.value().id_high} << 32 | 0x1234;
      ExpectPrefix(key, st::ClaimByIdKey::ScanPrefix(id),
                   "ClaimByIdKey::ScanPrefix");
      if (st::ClaimByIdKey::Of(id, k.value().claim_num).Encode() != key) {
        Violation("ClaimByIdKey::Of", key);
      }
    }
    if (auto k = st::ClaimsByDayKey::Decode(key); k.ok()) {
      ExpectPrefix(key, st::ClaimsByDayKey::DayStart(k.value().day),
                   "ClaimsByDayKey::DayStart");
    }
    if (auto k = st::EntityFactKey::Decode(key); k.ok()) {
      ExpectPrefix(key, st::EntityFactKey::ScanPrefix(k.value().entity_id),
                   "EntityFactKey::ScanPrefix");
    }
    if (auto k = st::MemberKey::Decode(key); k.ok()) {
      ExpectPrefix(
          key, st::MemberKey::MemberPrefix(k.value().body, k.value().member),
          "MemberKey::MemberPrefix");
      ExpectPrefix(key, st::MemberKey::ScanPrefix(k.value().body),
                   "MemberKey::ScanPrefix");
    }

    Result<st::Prefix> prefix = st::PrefixOf(key);
    if (!prefix.ok()) {
      ExpectCorruption(prefix.status(), "PrefixOf");
    } else if (static_cast<uint8_t>(prefix.value()) !=
               static_cast<uint8_t>(key[0])) {
      Violation("PrefixOf", key);
    }
    const std::string next = st::PrefixSuccessor(std::string(key));
    if (!next.empty() && next <= key) Violation("PrefixSuccessor", key);
  }

  // Decodes `value` as a T; when that works, encodes it, and checks that
  // the encoding decodes and encodes to itself.
  template <typename T, typename DecodeFn, typename EncodeFn>
  void ValueRoundTrip(std::string_view value, const char* name, DecodeFn decode,
                      EncodeFn encode) {
    T record;
    const Status s = decode(value, &record);
    if (!s.ok()) {
      ExpectCorruption(s, name);
      return;
    }
    ++values_decoded_;
    const std::string once = encode(record);
    T again;
    if (!decode(once, &again).ok() || encode(again) != once) {
      Violation(name, once);
    }
  }

  void CheckValues(std::string_view value) {
    ValueRoundTrip<st::DocumentRecord>(
        value, "DecodeDocument",
        [](std::string_view v, st::DocumentRecord* r) {
          return st::DecodeDocument(v, r);
        },
        [](const st::DocumentRecord& r) { return st::EncodeDocument(r); });
    // Version 10's form (the upgrade reads it, with its text hash) encodes
    // in the new form to the same record; its hash is the text's when the
    // old encoder gives the value back.
    {
      st::DocumentRecord old;
      uint64_t hash = 0;
      if (st::DecodeDocument(value, &old, 10, &hash).ok()) {
        st::DocumentRecord now;
        if (!st::DecodeDocument(st::EncodeDocument(old), &now).ok() ||
            st::EncodeDocument(now, 10) != st::EncodeDocument(old, 10) ||
            ((st::EncodeDocument(old, 10) == value) !=
             (hash == st::TextHash(old.doc.text)))) {
          Violation("DecodeDocument version 10", value);
        }
      }
    }
    // The claim's number is its key's, not the value's: any number
    // round-trips.
    ValueRoundTrip<st::ClaimRecord>(
        value, "DecodeClaim",
        [](std::string_view v, st::ClaimRecord* r) {
          return st::DecodeClaim(0x0102030405060708, v, r);
        },
        [](const st::ClaimRecord& r) { return st::EncodeClaim(r); });
    // Versions 7's, 10's and 11's forms (the upgrade reads them) encode
    // in the new form to the same record, when their document number is
    // their document id's (the new form derives it; the upgrade leaves
    // any other value as it is).
    for (const uint32_t version : {7u, 10u, 11u}) {
      st::ClaimRecord old;
      if (st::DecodeClaim(1, value, &old, version).ok() &&
          st::NumberIsItsDocuments(old)) {
        st::ClaimRecord now;
        if (!st::DecodeClaim(1, st::EncodeClaim(old), &now).ok() ||
            st::EncodeClaim(now, version) != st::EncodeClaim(old, version)) {
          Violation(version == 7    ? "DecodeClaim version 7"
                    : version == 10 ? "DecodeClaim version 10"
                                    : "DecodeClaim version 11",
                    value);
        }
      }
    }
    ValueRoundTrip<st::EntityRecord>(
        value, "DecodeEntity", st::DecodeEntity,
        [](const st::EntityRecord& r) { return st::EncodeEntity(r); });
    ValueRoundTrip<st::HolderValue>(
        value, "DecodeHolder",
        [](std::string_view v, st::HolderValue* h) {
          return st::DecodeHolder(v, h);
        },
        st::EncodeHolder);
    // Version 7's form (the upgrade reads it): what it decodes to encodes
    // in the new form, which decodes to the same.
    {
      st::HolderValue old;
      if (st::DecodeHolder(value, &old, 7).ok()) {
        // Stored sorted and unique; the old decoder does not check.
        std::sort(old.terms.begin(), old.terms.end());
        old.terms.erase(std::unique(old.terms.begin(), old.terms.end()),
                        old.terms.end());
        st::HolderValue now;
        if (!st::DecodeHolder(st::EncodeHolder(old), &now).ok() ||
            now.role != old.role || now.copy != old.copy ||
            now.terms != old.terms) {
          Violation("DecodeHolder version 7", value);
        }
      }
    }
    ValueRoundTrip<st::TermPostings>(value, "DecodeTermPostings",
                                     st::DecodeTermPostings,
                                     st::EncodeTermPostings);
    // A change composed after itself is itself (applying it twice is
    // applying it once), and after nothing, itself.
    {
      st::TermPostings p;
      if (st::DecodeTermPostings(value, &p).ok()) {
        st::TermPostings twice = p, once;
        st::ComposeTermPostings(&twice, p);
        st::ComposeTermPostings(&once, p);
        if (twice != p || once != p) Violation("ComposeTermPostings", value);
      }
    }
    ValueRoundTrip<SpeakerKind>(value, "DecodeDayValue", st::DecodeDayValue,
                                st::EncodeDayValue);
    // An alias form decodes against its key's alias; the form it gives
    // encodes (maybe shorter) to a value that gives it back.
    for (std::string_view alias : {"seoul", "defense minister lee"}) {
      std::string written, again;
      const Status s = st::DecodeAliasForm(alias, value, &written);
      if (!s.ok()) {
        ExpectCorruption(s, "DecodeAliasForm");
        continue;
      }
      if (!st::DecodeAliasForm(alias, st::EncodeAliasForm(alias, written),
                               &again)
               .ok() ||
          again != written) {
        Violation("DecodeAliasForm", value);
      }
    }
    for (uint8_t t = 1; t <= 6; ++t) {
      const auto type = static_cast<st::EdgeType>(t);
      ValueRoundTrip<st::EdgeValue>(
          value, "DecodeEdgeValue",
          [type](std::string_view v, st::EdgeValue* e) {
            return st::DecodeEdgeValue(type, v, e);
          },
          [type](const st::EdgeValue& e) {
            return st::EncodeEdgeValue(type, e);
          });
    }
  }

  void CheckDescribe(st::Cf cf, std::string_view key, std::string_view value,
                     std::string_view text) {
    Result<std::string> line = st::DescribeRecord(cf, key, value, text);
    if (!line.ok()) {
      ExpectCorruption(line.status(), "DescribeRecord");
      return;
    }
    described_ = true;
    const std::string& l = line.value();
    if (!utf8::IsValid(l)) Violation("DescribeRecord: invalid UTF-8", l);
    for (unsigned char c : l) {
      if (c < 0x20 || c == 0x7F) {
        Violation("DescribeRecord: control byte", l);
        break;
      }
    }
  }

  std::string first_;
  int keys_decoded_ = 0;
  int values_decoded_ = 0;
  bool described_ = false;
};

inline std::string CheckKeysInput(std::string_view bytes) {
  return KeysChecker().Check(SplitKeysInput(bytes));
}

}  // namespace claimtrack::keys_fuzz

#endif  // CLAIMTRACK_TESTS_FUZZ_KEYS_CHECKS_H_

#!/usr/bin/env python3
# Writes the seeds of tests/fuzz/corpus/keys/ from a database listing:
#   claimtrack ingest --db /tmp/s.db data/samples/reuters-us-japan-chips-1987.jsonl
#   claimtrack kv dump --db /tmp/s.db --raw > /tmp/s.dump
#   python3 tests/fuzz/keys_seeds.py /tmp/s.dump tests/fuzz/corpus/keys
# One small record of each kind (the smallest that qualifies), with its
# document text (cut to 1,500 bytes) after a claim.
# Picks small real records from a `claimtrack kv dump --raw` listing and
# writes them as keys_fuzz inputs: u8 family · u16 key length · key ·
# u16 value length · value · document text (claims only).
import sys, os, struct
dump, out = sys.argv[1], sys.argv[2]
fams = ["default", "docs", "claims", "entities", "aliases", "edges", "index", "terms"]
recs = []
lines = open(dump, encoding="utf-8", errors="replace").read().split("\n")
for i in range(0, len(lines) - 1, 2):
    desc, raw = lines[i], lines[i + 1].strip()
    if not raw.startswith("key="):
        continue
    parts = dict(p.split("=", 1) for p in raw.split())
    recs.append((desc, bytes.fromhex(parts["key"]), bytes.fromhex(parts.get("value", ""))))

def varint(b, i):
    r = s = 0
    while True:
        c = b[i]; i += 1
        r |= (c & 0x7F) << s; s += 7
        if c < 0x80: return r, i

def doc_text(v):
    i = 0
    for _ in range(2):
        n, i = varint(v, i); i += n
    _, i = varint(v, i)
    for _ in range(4):
        n, i = varint(v, i); i += n
    i += 1  # text kind (format version 11; a u64 text hash before it until 10)
    n, i = varint(v, i)
    return v[i:i + n]

def doc_id(v):
    n, i = varint(v, 0)
    return v[i:i + n]

texts = {doc_id(r[2]): doc_text(r[2]) for r in recs if r[1][0] == 0x10}
def claim_doc(v):
    # The value: u8 id form (00: the extractor's id, left out; 01: a u64
    # id follows) · lstr doc_id · ... (format version 12; a u64 doc_num
    # before the doc_id until 11)
    return doc_id(v[1:] if v[0] == 0 else v[9:])

def pick(pred, name, k=1):
    cands = sorted((r for r in recs if pred(r)), key=lambda r: len(r[1]) + len(r[2]) + (len(texts.get(claim_doc(r[2]), b"")) if r[1][0] == 0x20 else 0))
    for j, (desc, key, val) in enumerate(cands[:k]):
        fam = fams.index(desc.split()[0])
        text = b""
        if key[0] == 0x20:
            text = texts.get(claim_doc(val), b"")
        blob = bytes([fam]) + struct.pack(">H", len(key)) + key + struct.pack(">H", len(val)) + val
        blob += text[:1500]
        with open(os.path.join(out, f"{name}{'' if k == 1 else '-' + str(j)}.bin"), "wb") as f:
            f.write(blob)

p = lambda b: (lambda r: r[1][0] == b)
pick(lambda r: r[1][0] == 1 and b"format" in r[1], "meta_format_version")
pick(lambda r: r[1][0] == 1 and b"created" in r[1], "meta_created_by")
pick(p(0x10), "document")
pick(p(0x11), "text_hash")
pick(lambda r: r[1][0] == 0x20 and " type=direct" in r[0] and "antecedent=\"" in r[0], "claim_direct")
pick(lambda r: r[1][0] == 0x20 and "anonymous=(" in r[0] and "reason=none" not in r[0], "claim_anonymous_reason")
pick(lambda r: r[1][0] == 0x20 and "mentions=[\"" in r[0] and "date_expr=\"" in r[0], "claim_mentions_date")
pick(lambda r: r[1][0] == 0x20 and " type=mixed" in r[0], "claim_mixed")
# claim_number (0x21) was written from a database of format version 9;
# version 10 files each claim under half its id (0x22).
pick(p(0x21), "claim_number")
pick(p(0x22), "claim_by_id")
pick(p(0x30), "entity")
pick(lambda r: r[1][0] == 0x30 and "descriptor=" in r[0], "entity_anonymous")
pick(p(0x40), "alias")
pick(lambda r: r[1][0] == 0x50 and " EARLIER " in r[0], "edge_earlier_out")
pick(lambda r: r[1][0] == 0x51 and "<-EARLIER" in r[0], "edge_earlier_in")
pick(lambda r: r[1][0] == 0x50 and " AFFILIATED " in r[0], "edge_affiliated")
pick(lambda r: r[1][0] == 0x50 and " REPEATS " in r[0], "edge_repeats")
pick(p(0x60), "index_by_doc")
pick(lambda r: r[1][0] == 0x61 and "role=S" in r[0], "index_holder_speaker")
pick(lambda r: r[1][0] == 0x61 and "role=A" in r[0], "index_holder_affiliated")
pick(p(0x62), "index_mention")
# index_term and index_term_undated (0x63) were written from a database of
# format version 8; version 9 keeps the term index as lists (0x68).
pick(p(0x63), "index_term")
pick(lambda r: r[1][0] == 0x63 and " undated " in r[0], "index_term_undated")
pick(lambda r: r[1][0] == 0x68 and r[0].count("claim#") >= 3, "index_term_list")
pick(p(0x64), "index_quotation")
pick(lambda r: r[1][0] == 0x65 and " title " in r[0], "index_fact_title")
pick(lambda r: r[1][0] == 0x65 and " affiliation " in r[0], "index_fact_affiliation")
pick(lambda r: r[1][0] == 0x66 and "speaker=anonymous" in r[0], "index_by_day_anonymous")
pick(p(0x67), "index_member")

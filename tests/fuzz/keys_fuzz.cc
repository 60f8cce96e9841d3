// libFuzzer target: arbitrary bytes as a stored key and value, through every
// decoder of the key codec (store/keys.h), the value codecs (store/
// records.h) and `kv dump`'s DescribeRecord (store/kv_format.h). The input
// layout and the promises checked are in keys_checks.h; a broken promise
// prints what broke and aborts, which libFuzzer turns into a crash report
// with the input saved.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "keys_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string broken = claimtrack::keys_fuzz::CheckKeysInput(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!broken.empty()) {
    std::fprintf(stderr, "keys_fuzz: invariant violated: %s\n", broken.c_str());
    std::abort();
  }
  return 0;
}

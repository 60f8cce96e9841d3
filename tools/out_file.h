// Writing a command's answer to a file named by --out.
#ifndef CLAIMTRACK_TOOLS_OUT_FILE_H_
#define CLAIMTRACK_TOOLS_OUT_FILE_H_

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "claimtrack/status.h"

namespace claimtrack::cli {

// Calls write(stream) on a temporary file beside `path`, renamed into place
// when it returns OK and every byte was written, so that a run that fails
// part way (an answer written as it is found, a full disk) leaves no
// half-written file and an older file of that name as it was.
template <typename Write>
Status WriteFileAtomically(const std::string& path, Write write) {
  const std::string tmp = path + ".tmp-" + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IOError("cannot create " + tmp);
    Status status = write(out);
    if (status.ok()) {
      out.flush();
      if (!out) status = Status::IOError("writing " + tmp + " failed");
    }
    if (!status.ok()) {
      out.close();
      std::remove(tmp.c_str());
      return status.WithContext(path);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::IOError("cannot write " + path);
  }
  return Status::Ok();
}

}  // namespace claimtrack::cli

#endif  // CLAIMTRACK_TOOLS_OUT_FILE_H_

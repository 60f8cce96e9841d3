// Writing a command's answer to a file named by --out.
#ifndef CLAIMTRACK_TOOLS_OUT_FILE_H_
#define CLAIMTRACK_TOOLS_OUT_FILE_H_

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "claimtrack/status.h"

namespace claimtrack::cli {

// Calls write(stream) on a temporary file beside `path`, renamed into place
// when it returns OK and every byte was written, so that a run that fails
// part way (an answer written as it is found, a full disk) leaves no
// half-written file and an older file of that name as it was. A path that
// is there but not a regular file (/dev/stdout, a pipe, a symbolic link)
// is written in place: renaming over it would replace it.
template <typename Write>
Status WriteFileAtomically(const std::string& path, Write write) {
  std::error_code ignored;
  const std::filesystem::file_status st =
      std::filesystem::symlink_status(path, ignored);
  const bool in_place =
      std::filesystem::exists(st) && !std::filesystem::is_regular_file(st);
  const std::string tmp =
      in_place ? path : path + ".tmp-" + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IOError("cannot create " + tmp);
    Status status = write(out);
    out.close();
    if (status.ok() && !out) {
      status = Status::IOError("writing " + tmp + " failed");
    }
    if (!status.ok()) {
      if (!in_place) std::remove(tmp.c_str());
      return status.WithContext(path);
    }
  }
  if (in_place) return Status::Ok();
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::IOError("cannot write " + path);
  }
  return Status::Ok();
}

}  // namespace claimtrack::cli

#endif  // CLAIMTRACK_TOOLS_OUT_FILE_H_

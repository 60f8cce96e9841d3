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
// half-written file and an older file of that name as it was. A symbolic
// link to a file stays a link: the file it names is replaced. A path that
// is not a file (a pipe, a device, /dev/stdout and the other /dev and
// /proc names of open descriptors) is written in place, appended to, not
// truncated: renaming over it would replace it, and truncating
// /dev/stdout would empty the file standard output was redirected to.
template <typename Write>
Status WriteFileAtomically(const std::string& path, Write write) {
  std::error_code ec;
  const std::filesystem::file_status st = std::filesystem::status(path, ec);
  const bool exists = std::filesystem::exists(st);
  const bool in_place = path.starts_with("/dev/") ||
                        path.starts_with("/proc/") ||
                        (exists && !std::filesystem::is_regular_file(st));
  std::string target = path;
  if (!in_place && exists) {
    const std::filesystem::path resolved = std::filesystem::canonical(path, ec);
    if (!ec) target = resolved.string();
  }
  const std::string tmp =
      in_place ? path : target + ".tmp-" + std::to_string(getpid());
  {
    std::ofstream out(tmp, in_place ? std::ios::binary | std::ios::app
                                    : std::ios::binary | std::ios::trunc);
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
  if (std::rename(tmp.c_str(), target.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::IOError("cannot write " + path);
  }
  return Status::Ok();
}

}  // namespace claimtrack::cli

#endif  // CLAIMTRACK_TOOLS_OUT_FILE_H_

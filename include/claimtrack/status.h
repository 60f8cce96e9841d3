// Status and Result<T>: the one error currency of claimtrack.
//
// Library code never throws across its public API, never prints and never
// exits; it returns a Status (or a Result<T> carrying a value or a Status).
// Only the command-line tool decides what to print and which exit code to use.
#ifndef CLAIMTRACK_STATUS_H_
#define CLAIMTRACK_STATUS_H_

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace claimtrack {

class Status {
 public:
  // DO NOT CHANGE the numeric values: they may be stored or exchanged.
  enum class Code : int {
    kOk = 0,
    kNotFound = 1,
    kInvalidArgument = 2,  // bad input: a document, a line, a flag
    kCorruption = 3,       // stored or read data that cannot be decoded
    kIOError = 4,          // the file system or the OS said no
    kNotSupported = 5,
    kPartial = 6,  // a batch finished, but some items were skipped
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status NotFound(std::string_view msg) {
    return Status(Code::kNotFound, msg);
  }
  static Status InvalidArgument(std::string_view msg) {
    return Status(Code::kInvalidArgument, msg);
  }
  static Status Corruption(std::string_view msg) {
    return Status(Code::kCorruption, msg);
  }
  static Status IOError(std::string_view msg) {
    return Status(Code::kIOError, msg);
  }
  static Status NotSupported(std::string_view msg) {
    return Status(Code::kNotSupported, msg);
  }
  static Status Partial(std::string_view msg) {
    return Status(Code::kPartial, msg);
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }
  bool IsIOError() const { return code_ == Code::kIOError; }

  // "Invalid argument: <message>", or "OK".
  std::string ToString() const;

  // Returns a copy whose message is "<context>: <message>".
  Status WithContext(std::string_view context) const;

 private:
  Status(Code code, std::string_view msg) : code_(code), message_(msg) {}

  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok() && "Result from an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace claimtrack

#define CLAIMTRACK_CONCAT_INNER_(a, b) a##b
#define CLAIMTRACK_CONCAT_(a, b) CLAIMTRACK_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (a Status) is not OK.
#define RETURN_IF_ERROR(expr)                                \
  do {                                                       \
    ::claimtrack::Status claimtrack_status_ = (expr);        \
    if (!claimtrack_status_.ok()) return claimtrack_status_; \
  } while (0)

// `ASSIGN_OR_RETURN(auto x, MakeX());` unwraps a Result or returns its Status.
#define ASSIGN_OR_RETURN(lhs, expr)                        \
  auto CLAIMTRACK_CONCAT_(result_, __LINE__) = (expr);     \
  if (!CLAIMTRACK_CONCAT_(result_, __LINE__).ok())         \
    return CLAIMTRACK_CONCAT_(result_, __LINE__).status(); \
  lhs = std::move(CLAIMTRACK_CONCAT_(result_, __LINE__)).value()

#endif  // CLAIMTRACK_STATUS_H_

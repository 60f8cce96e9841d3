// Runs a producer on a thread of its own and hands what it makes to the
// consuming thread, in order, through a queue of at most `depth` items: the
// reading and parsing of the input overlap with the work of the thread that
// consumes it, and memory stays bounded however slow that work is.
#ifndef CLAIMTRACK_TOOLS_READ_AHEAD_H_
#define CLAIMTRACK_TOOLS_READ_AHEAD_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "common/cpu_time.h"

namespace claimtrack::cli {

template <typename T>
class ReadAhead {
 public:
  // Called with `push`, which queues one item, waiting while the queue is
  // full, and returns false once the consumer has gone (the producer should
  // then return).
  using Push = std::function<bool(T&&)>;
  using Producer = std::function<void(const Push& push)>;

  ReadAhead(size_t depth, Producer produce) : depth_(depth ? depth : 1) {
    thread_ = std::thread([this, produce = std::move(produce)] {
      ThreadCpuRole role("ct:read");
      try {
        produce([this](T&& item) { return PushItem(std::move(item)); });
      } catch (...) {
        std::lock_guard lock(mu_);
        error_ = std::current_exception();
      }
      std::lock_guard lock(mu_);
      finished_ = true;
      ready_.notify_all();
    });
  }

  // Stops the producer (its next push returns false) and waits for it.
  ~ReadAhead() {
    {
      std::lock_guard lock(mu_);
      stopped_ = true;
      queue_.clear();
    }
    space_.notify_all();
    thread_.join();
  }

  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // The next item, or nullopt when the producer has returned and every
  // item was taken. Rethrows what the producer threw, after its items.
  std::optional<T> Next() {
    std::unique_lock lock(mu_);
    ready_.wait(lock, [this] { return finished_ || !queue_.empty(); });
    if (queue_.empty()) {
      if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
      return std::nullopt;
    }
    std::optional<T> item(std::move(queue_.front()));
    queue_.pop_front();
    space_.notify_one();
    return item;
  }

 private:
  bool PushItem(T&& item) {
    std::unique_lock lock(mu_);
    space_.wait(lock, [this] { return stopped_ || queue_.size() < depth_; });
    if (stopped_) return false;
    queue_.push_back(std::move(item));
    ready_.notify_one();
    return true;
  }

  const size_t depth_;
  std::mutex mu_;
  std::condition_variable ready_, space_;
  std::deque<T> queue_;
  std::exception_ptr error_;
  bool finished_ = false, stopped_ = false;
  std::thread thread_;  // last: started once the rest is built
};

}  // namespace claimtrack::cli

#endif  // CLAIMTRACK_TOOLS_READ_AHEAD_H_

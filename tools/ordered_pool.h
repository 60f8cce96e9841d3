// A pool of worker threads that maps inputs to outputs and hands the
// outputs back in submission order, on the submitting thread. At most
// `window` inputs are in flight, so memory stays bounded however fast the
// producer is. With one thread the work runs inline.
#ifndef CLAIMTRACK_TOOLS_ORDERED_POOL_H_
#define CLAIMTRACK_TOOLS_ORDERED_POOL_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "claimtrack/status.h"
#include "common/cpu_time.h"

namespace claimtrack::cli {

template <typename In, typename Out>
class OrderedPool {
 public:
  using Work = std::function<Out(In&)>;
  using Sink = std::function<Status(Out&)>;

  // `role` names the worker threads (ThreadCpuRole).
  OrderedPool(unsigned threads, Work work, Sink sink, std::string role)
      : role_(std::move(role)),
        work_(std::move(work)),
        sink_(std::move(sink)),
        window_(kBatchesPerThread * std::max(threads, 1u)) {
    if (threads <= 1) return;
    for (unsigned i = 0; i < threads; ++i) {
      workers_.emplace_back([this] { Loop(); });
    }
  }

  ~OrderedPool() {
    {
      std::lock_guard lock(mu_);
      closing_ = true;
      jobs_.clear();
    }
    job_ready_.notify_all();
    for (std::thread& t : workers_) t.join();
  }

  OrderedPool(const OrderedPool&) = delete;
  OrderedPool& operator=(const OrderedPool&) = delete;

  // Queues `in`; delivers whatever is ready, waiting while the window is
  // full. A sink error stops delivery and is returned (now or later).
  Status Submit(In in) {
    if (workers_.empty()) {
      Out out = work_(in);
      return sink_(out);
    }
    std::unique_lock lock(mu_);
    while (next_seq_ - next_out_ >= window_) {
      RETURN_IF_ERROR(DeliverOne(lock));
    }
    jobs_.push_back({next_seq_++, std::move(in)});
    job_ready_.notify_one();
    return DeliverReady(lock);
  }

  // Waits for and delivers everything submitted.
  Status Finish() {
    std::unique_lock lock(mu_);
    while (next_out_ < next_seq_) RETURN_IF_ERROR(DeliverOne(lock));
    return Status::Ok();
  }

 private:
  struct Job {
    uint64_t seq;
    In in;
  };
  struct Done {
    std::optional<Out> out;
    std::exception_ptr error;
  };

  void Loop() {
    ThreadCpuRole role(role_);
    std::unique_lock lock(mu_);
    while (true) {
      job_ready_.wait(lock, [this] { return closing_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      Job job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      Done done;
      try {
        done.out.emplace(work_(job.in));
      } catch (...) {
        done.error = std::current_exception();
      }
      lock.lock();
      done_.emplace(job.seq, std::move(done));
      done_ready_.notify_all();
    }
  }

  // Delivers the next output, waiting for it; the lock is released while
  // the sink runs so workers keep going.
  Status DeliverOne(std::unique_lock<std::mutex>& lock) {
    done_ready_.wait(lock, [this] { return done_.contains(next_out_); });
    return DeliverReady(lock);
  }

  Status DeliverReady(std::unique_lock<std::mutex>& lock) {
    while (true) {
      auto it = done_.find(next_out_);
      if (it == done_.end()) return Status::Ok();
      Done done = std::move(it->second);
      done_.erase(it);
      ++next_out_;
      lock.unlock();
      if (done.error) std::rethrow_exception(done.error);
      Status s = sink_(*done.out);
      lock.lock();
      RETURN_IF_ERROR(s);
    }
  }

  const std::string role_;
  // In flight per worker. With 2 (before) the workers filled the window
  // and stopped whenever the ingest's writer waited for its committer, and
  // an ingest of Reuters-21578 kept 1.6 of the 2 cores busy; with 4, and
  // the committer's deeper queue (Committer::kDepth), 1.8.
  static constexpr unsigned kBatchesPerThread = 4;
  Work work_;
  Sink sink_;
  const uint64_t window_;
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable job_ready_, done_ready_;
  std::deque<Job> jobs_;
  std::map<uint64_t, Done> done_;
  uint64_t next_seq_ = 0, next_out_ = 0;
  bool closing_ = false;
};

}  // namespace claimtrack::cli

#endif  // CLAIMTRACK_TOOLS_ORDERED_POOL_H_

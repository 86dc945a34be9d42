// One of the --max-connections slots, held for the lifetime of a connection:
// by the HTTP session, and by the relay session it turns into.
#pragma once

#include <atomic>
#include <memory>

namespace daneel::proxy {

class ConnectionSlot {
 public:
  ConnectionSlot() = default;
  explicit ConnectionSlot(std::shared_ptr<std::atomic<unsigned>> counter) : counter_(std::move(counter)) {}
  ConnectionSlot(ConnectionSlot&&) noexcept = default;
  ConnectionSlot& operator=(ConnectionSlot&&) = delete;
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;
  ~ConnectionSlot() {
    if (counter_) counter_->fetch_sub(1, std::memory_order_relaxed);
  }

 private:
  std::shared_ptr<std::atomic<unsigned>> counter_;
};

}  // namespace daneel::proxy

// The SMTP-over-WebSocket relay at /relay (issue 14; docs/PROXY.md "The
// relay"). RelayService holds what every session shares: the policy units
// (origin allowlist, address filter, client keys, admission), the
// destination verifier, the session registry (for the drain on SIGTERM) and
// the log's client hasher. Each session lives on its connection's strand.
#pragma once

#include <boost/beast/core/tcp_stream.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "connection_slot.h"
#include "destination_verifier.h"
#include "metrics.h"
#include "policy/address_filter.h"
#include "policy/admission.h"
#include "policy/client_key.h"
#include "policy/origin_allowlist.h"
#include "relay_config.h"
#include "responses.h"
#include "session_log.h"
#include "streams.h"

namespace daneel::proxy {

class RelaySessionBase;
template <class Stream>
class RelaySession;

class RelayService {
 public:
  RelayService(RelayConfig config, std::unique_ptr<DestinationVerifier> verifier);
  ~RelayService();
  RelayService(const RelayService&) = delete;
  RelayService& operator=(const RelayService&) = delete;

  // The upgrade handler of /relay, on the connection's strand. Returns a
  // reply to send instead of upgrading (403 for a missing or unknown Origin,
  // 503 when the relay cannot run), or nullopt when it took over `stream`,
  // `req` and `slot` (every later refusal is a WebSocket close code).
  [[nodiscard]] std::optional<Reply> take_over(AnyStream stream, Request& req, ConnectionSlot& slot,
                                               const Responses& responses);

  // SIGTERM: refuse new sessions; every open one gets timeouts.drain, then
  // close 1001. Safe from any thread.
  void drain();
  [[nodiscard]] std::size_t live_sessions() const;
  // One line for the startup log.
  [[nodiscard]] std::string describe() const;
  [[nodiscard]] const RelayConfig& config() const { return config_; }
  // The /metrics page (metrics.h).
  [[nodiscard]] std::string metrics_text() const {
    return metrics_.render(live_sessions()) + verifier_->metrics_text();
  }
  // SIGHUP: reads the opt-out file again. On success the new list applies to
  // every later request; on error the old one stays. Returns the log line.
  [[nodiscard]] std::string reload_opt_out();
  // Called once from main() when the io_context exists (the verifier's lookups run on it).
  void start(boost::asio::io_context& io) { verifier_->start(io); }
  // Before the io_context is destroyed (main's StopRelay guard).
  void stop() { verifier_->stop(); }

 private:
  template <class Stream>
  friend class RelaySession;
  template <class Stream>
  std::optional<Reply> take_over_on(Stream& stream, Request& req, ConnectionSlot& slot,
                                    const Responses& responses);
  void remove(std::uint64_t id);
  void release(const policy::ClientKey& client, const policy::IpAddress& destination);

  const RelayConfig config_;
  const std::unique_ptr<DestinationVerifier> verifier_;
  const policy::OriginAllowlist origins_;
  const policy::AddressFilter filter_;
  const policy::ClientKeyConfig client_keys_;
  ClientKeyHasher hasher_;
  RelayMetrics metrics_;
  std::atomic<bool> draining_{false};

  mutable std::mutex mutex_;  // guards admission_, sessions_, next_id_, opt_out_
  std::shared_ptr<const policy::OptOutList> opt_out_;  // null: no list
  policy::Admission admission_;
  std::unordered_map<std::uint64_t, std::weak_ptr<RelaySessionBase>> sessions_;
  std::uint64_t next_id_ = 1;
};

}  // namespace daneel::proxy

// ResolveCheck: the smallest useful check behind the CheckIo seam. It resolves
// (name, type) questions through DoH (dns::QueryEngine) and validates each
// with the DNSSEC chain-of-trust validator (dnssec::Validator), then reports
// the verdicts, records and evidence as JSON. The wasm package exposes it as
// `checker.resolve(name, type)`; the drivers that run it are the same ones the
// full STARTTLS + DANE check uses (it only ever asks for DoH exchanges).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "check/io.h"
#include "dns/name.h"
#include "dns/query_engine.h"
#include "dns/rr_type.h"
#include "dnssec/validator.h"
#include "util/result.h"

namespace daneel::check {

struct ResolveQuestion {
  dns::Name name;
  dns::RrType type{};
};

struct ResolveCheckConfig {
  dns::ResolverConfig resolver;
  dnssec::ValidatorConfig validator;
};

// At most this many questions per ResolveCheck.
inline constexpr std::size_t kMaxResolveQuestions = 32;

class ResolveCheck final : public CheckIo {
 public:
  // Refuses a resolver config that dns::validate_config refuses.
  static Result<std::unique_ptr<ResolveCheck>> create(ResolveCheckConfig config);
  ~ResolveCheck() override;
  ResolveCheck(const ResolveCheck&) = delete;
  ResolveCheck& operator=(const ResolveCheck&) = delete;

  // Starts validating every question (once per check; 1..kMaxResolveQuestions).
  Status start(std::vector<ResolveQuestion> questions, TimeMs now);

  void on_doh_response(dns::RequestId id, const dns::HttpResponse& response, TimeMs now) override;
  void on_doh_failure(dns::RequestId id, std::string_view reason, TimeMs now) override;
  // A ResolveCheck never opens connections: these events are ignored.
  void on_connected(ConnectionId id, const ConnectedInfo& info, TimeMs now) override;
  void on_connect_failed(ConnectionId id, const CloseReason& reason, TimeMs now) override;
  void on_bytes(ConnectionId id, ByteView data, TimeMs now) override;
  void on_closed(ConnectionId id, const CloseReason& reason, TimeMs now) override;
  void on_timer(TimeMs now) override;

  std::vector<Action> take_actions() override;
  std::vector<Progress> take_progress() override;
  [[nodiscard]] std::optional<TimeMs> next_deadline() const override;
  [[nodiscard]] bool done() const override;

  // The report as a JSON object (complete once done(); before that the
  // pending questions show as "pending"):
  //   {"kind":"resolve","done":bool,"requests":N,"results":[{"name","type",
  //    "security","reason","ede","detail","kind","final_name","ttl","records":[text],
  //    "signatures":N,"chain":[...],"zones":[...],"query_outcome","query_detail",
  //    "explanation"}]}
  [[nodiscard]] std::string report_json() const;

 private:
  explicit ResolveCheck(ResolveCheckConfig config);
  // Lets the validator consume completions, then moves the engine's new
  // requests and cancellations into the action queue and notes progress.
  void advance(TimeMs now);

  dns::QueryEngine engine_;
  dnssec::Validator validator_;
  std::vector<ResolveQuestion> questions_;
  std::vector<dnssec::ValidationTicket> tickets_;
  std::vector<Action> actions_;
  std::vector<Progress> progress_;
  std::size_t finished_ = 0;
  bool started_ = false;
};

}  // namespace daneel::check

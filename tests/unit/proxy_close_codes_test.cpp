// proxy/policy/close_codes: one table of the relay's close codes, the
// same in docs/PROXY.md, and a superset of the browser transport's table
// (wasm/src/transport-websocket.mjs) with the same words for the same codes.
#include <catch2/catch_test_macros.hpp>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "policy/admission.h"
#include "policy/close_codes.h"

using namespace daneel::proxy::policy;

namespace {

std::string read(const std::string& relative) {
  std::ifstream in(std::string(DANEEL_SOURCE_DIR) + "/" + relative);
  REQUIRE(in.good());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string trim(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

struct Row {
  std::string word;
  std::string meaning;
};

// The rows of the table under "## Close codes" in docs/PROXY.md.
std::map<unsigned, Row> doc_table() {
  std::istringstream doc(read("docs/PROXY.md"));
  std::map<unsigned, Row> rows;
  std::string line;
  bool in_section = false;
  while (std::getline(doc, line)) {
    if (line.rfind("## ", 0) == 0) in_section = line == "## Close codes";
    if (!in_section || line.size() < 8 || line[0] != '|' || line[2] < '0' || line[2] > '9') continue;
    // "| 4010 | not_mx | meaning |"
    std::vector<std::string> cells;
    std::size_t at = 1;
    while (at < line.size()) {
      const std::size_t bar = line.find('|', at);
      if (bar == std::string::npos) break;
      cells.push_back(trim(line.substr(at, bar - at)));
      at = bar + 1;
    }
    REQUIRE(cells.size() == 3);
    rows[static_cast<unsigned>(std::stoul(cells[0]))] = Row{cells[1], cells[2]};
  }
  return rows;
}

// `4001: { code: 'forbidden_destination', ...` lines of RELAY_CLOSE_CODES.
std::map<unsigned, std::string> js_table() {
  std::istringstream js(read("wasm/src/transport-websocket.mjs"));
  std::map<unsigned, std::string> rows;
  std::string line;
  while (std::getline(js, line)) {
    line = trim(line);
    const std::string marker = ": { code: '";
    if (line.size() < 4 + marker.size() || line.compare(4, marker.size(), marker) != 0) continue;
    const std::size_t end = line.find('\'', 4 + marker.size());
    REQUIRE(end != std::string::npos);
    rows[static_cast<unsigned>(std::stoul(line.substr(0, 4)))] =
        line.substr(4 + marker.size(), end - 4 - marker.size());
  }
  return rows;
}

}  // namespace

TEST_CASE("close codes: distinct codes and words, valid ranges", "[proxy][close]") {
  std::set<unsigned> codes;
  std::set<std::string_view> words;
  for (const CloseCodeInfo& row : close_code_table()) {
    const auto code = static_cast<unsigned>(row.code);
    CHECK(codes.insert(code).second);
    CHECK(words.insert(row.word).second);
    CHECK(((code >= 1000 && code <= 1015) || (code >= 4000 && code <= 4999)));
    CHECK(info(row.code).word == row.word);
  }
  CHECK(codes.size() == 25);  // 4018 opted_out came with the opt-out list
}

TEST_CASE("close codes: docs/PROXY.md has the same table", "[proxy][close]") {
  const std::map<unsigned, Row> doc = doc_table();
  CHECK(doc.size() == close_code_table().size());
  for (const CloseCodeInfo& row : close_code_table()) {
    const auto code = static_cast<unsigned>(row.code);
    INFO(code);
    REQUIRE(doc.count(code) == 1);
    CHECK(doc.at(code).word == row.word);
    CHECK(doc.at(code).meaning == row.meaning);
  }
}

TEST_CASE("close codes: the browser's table is the same table", "[proxy][close]") {
  const std::map<unsigned, std::string> js = js_table();
  // Row for row: every code the relay sends is one the browser can word and blame.
  CHECK(js.size() == close_code_table().size());
  for (const CloseCodeInfo& row : close_code_table()) {
    const auto code = static_cast<unsigned>(row.code);
    INFO(code);
    REQUIRE(js.count(code) == 1);
    CHECK(js.at(code) == row.word);
  }
}

TEST_CASE("close codes: refusals map to their codes with the rule as reason", "[proxy][close]") {
  CHECK(close_for(AddressVerdict{false, AddressReason::v4_link_local}).code ==
        CloseCode::forbidden_destination);
  CHECK(close_for(AddressVerdict{false, AddressReason::v4_link_local}).reason == "link_local");
  CHECK(close_for(AddressVerdict{false, AddressReason::operator_deny_list}).reason == "operator_deny_list");
  CHECK(close_for(OriginDecision::missing).code == CloseCode::origin_refused);
  CHECK(close_for(OriginDecision::not_listed).reason == "origin_not_listed");
  CHECK(close_for(AdmissionDecision::client_rate_minute).code == CloseCode::rate_limited);
  CHECK(close_for(AdmissionDecision::client_rate_minute).reason == "client_rate_minute");
  CHECK(close_for(AdmissionDecision::client_table_full).code == CloseCode::rate_limited);
  CHECK(close_for(AdmissionDecision::destination_rate).code == CloseCode::rate_limited);
  CHECK(close_for(AdmissionDecision::global_concurrency).code == CloseCode::busy);
  CHECK(close_for(OptOutKind::mx).code == CloseCode::opted_out);
  CHECK(close_for(OptOutKind::mx).reason == "opt_out_mx");
  CHECK(close_for(PlaintextRefusal{PlaintextRule::pregreet}).code == CloseCode::pregreet);
  CHECK(close_for(PlaintextRefusal{PlaintextRule::forbidden_command}).code == CloseCode::smtp_refused);
  CHECK(close_for(PlaintextRefusal{PlaintextRule::forbidden_command}).reason == "forbidden_command");
  CHECK(close_for(PlaintextRefusal{PlaintextRule::starttls_injection}).reason == "starttls_injection");
  CHECK(close_for(PlaintextRefusal{PlaintextRule::server_bad_reply}).code == CloseCode::upstream_protocol);
  const Close cap = close_for(PlaintextRefusal{PlaintextRule::cap_exceeded, Cap::server_plaintext});
  CHECK(cap.code == CloseCode::too_much_data);
  CHECK(cap.reason == "server_plaintext_bytes");
  const Close tls_cap =
      close_for(TlsRefusal{TlsRule::cap_exceeded, Direction::client_to_server, Cap::client_tls});
  CHECK(tls_cap.code == CloseCode::too_much_data);
  CHECK(tls_cap.reason == "client_tls_bytes");
  const Close budget = close_for(TlsRefusal{TlsRule::app_data_bytes, Direction::client_to_server});
  CHECK(budget.code == CloseCode::tls_refused);
  CHECK(budget.reason == "client tls_app_data_bytes");
  // Every reason fits a close frame.
  for (int r = 0; r <= static_cast<int>(PlaintextRule::cap_exceeded); ++r)
    CHECK(close_for(PlaintextRefusal{static_cast<PlaintextRule>(r)}).reason.size() <= kMaxCloseReason);
  for (int r = 0; r <= static_cast<int>(AdmissionDecision::destination_table_full); ++r)
    CHECK(close_for(static_cast<AdmissionDecision>(r)).reason.size() <= kMaxCloseReason);
}

TEST_CASE("the browser's relay session limits are the relay's public concurrency defaults", "[proxy][close]") {
  // A check through the relay opens no more sessions at once than it admits
  // (wasm/src/transport-websocket.mjs, RELAY_SESSION_LIMITS).
  const daneel::proxy::policy::AdmissionLimits defaults;
  const std::string expected = "RELAY_SESSION_LIMITS = Object.freeze({ maxConnections: " +
                               std::to_string(defaults.client_concurrent) +
                               ", maxPerAddress: " + std::to_string(defaults.destination_concurrent) + " });";
  CHECK(read("wasm/src/transport-websocket.mjs").find(expected) != std::string::npos);
}

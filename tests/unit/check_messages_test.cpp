// The message catalogue (core/messages/*.json, check/messages.h): every code
// the engine can emit has a text and a fix in English and Dutch, every {param}
// is supplied, no entry is unused; rendering fills the texts.
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <set>
#include <string>

#include "capi/check_capi.h"
#include "capi/daneel.h"
#include "check/messages.h"
#include "check/messages_embedded.h"
#include "check/report.h"

#ifndef __EMSCRIPTEN__
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#endif

using namespace daneel;

TEST_CASE("check messages: the catalogue has every code in both languages, with its parameters only") {
  const std::vector<std::string> problems = check::catalogue_problems();
  for (const std::string& p : problems) UNSCOPED_INFO(p);
  CHECK(problems.empty());
  CHECK(check::message_specs().size() >= 90);
  CHECK(check::is_supported_language("nl"));
  CHECK(check::is_supported_language("en"));
  CHECK_FALSE(check::is_supported_language("de"));
}

#ifndef __EMSCRIPTEN__
// The languages are the catalogue files, read by the build: adding a file adds
// a language, and the error texts name the list.
TEST_CASE("check messages: the languages are the files core/messages/<lang>.json") {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(DANEEL_SOURCE_DIR "/core/messages"))
    if (entry.path().extension() == ".json") files.push_back(entry.path().stem().string());
  std::sort(files.begin(), files.end());
  const std::vector<std::string> languages(check::supported_languages().begin(), check::supported_languages().end());
  CHECK(languages == files);
  CHECK(check::is_supported_language(check::kDefaultLanguage));
  for (const std::string& lang : files) CHECK(!check::embedded_catalogue(lang).empty());
  CHECK(check::supported_languages_text() == R"("en" or "nl")");
  // The C ABI's build info hands the same list to JS.
  const std::string info = daneel_build_info();
  CHECK(info.find(R"("languages":["en","nl"],"default_language":"en")") != std::string::npos);
}

// The codes the engine's sources pass to note(...) / fail_early(...) are
// exactly the codes of message_specs(): nothing emitted without an entry, no
// entry that nothing emits.
TEST_CASE("check messages: the engine's sources emit exactly the listed codes") {
  std::set<std::string> emitted;
  const std::regex call(R"((?:\bnote|\bfail_early)\(([^,)]*))");
  const std::regex literal(R"re("([a-z0-9_]+)")re");
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(DANEEL_SOURCE_DIR "/core/src/check")) {
    if (entry.path().extension() != ".cpp") continue;
    ++files;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = text.str();
    for (auto it = std::sregex_iterator(source.begin(), source.end(), call); it != std::sregex_iterator();
         ++it) {
      const std::string argument = (*it)[1];
      for (auto l = std::sregex_iterator(argument.begin(), argument.end(), literal);
           l != std::sregex_iterator(); ++l)
        emitted.insert((*l)[1]);
    }
  }
  CHECK(files >= 5);
  std::set<std::string> listed;
  for (const check::MessageSpec& spec : check::message_specs()) listed.insert(std::string(spec.code));
  for (const std::string& code : emitted) {
    INFO("emitted but not listed: " << code);
    CHECK(listed.contains(code));
  }
  for (const std::string& code : listed) {
    INFO("listed but never emitted: " << code);
    CHECK(emitted.contains(code));
  }
}
#endif

TEST_CASE("check messages: rendering fills text and fix, translates values, reports what is missing") {
  check::Report r;
  r.outcome = check::note("mx_lookup_error",
                          {{"domain", "example.nl"}, {"security", "bogus"}, {"detail", "RRSIG expired"}});
  r.warnings.push_back(check::note("mx_insecure"));
  r.subtests.push_back({"mx_ipv6", check::SubtestStatus::failed,
                        check::note("mx_ipv6_missing", {{"hosts", "mx.example.nl"}})});
  CHECK(check::render_messages(r, "nl").empty());
  CHECK(r.lang == "nl");
  CHECK(r.outcome.text.find("De MX-records van example.nl konden niet worden gevalideerd") == 0);
  CHECK(r.outcome.text.find("DNSSEC-ondertekend maar ongeldig (bogus) (RRSIG expired)") != std::string::npos);
  CHECK_FALSE(r.outcome.fix.empty());
  CHECK(r.subtests[0].note.text.find("mx.example.nl") != std::string::npos);

  CHECK(check::render_messages(r, "en").empty());
  CHECK(r.lang == "en");
  CHECK(r.outcome.text.find(
            "The MX records of example.nl could not be validated: they are DNSSEC-signed but invalid") == 0);

  // A missing parameter and an unknown code are reported, never a crash.
  r.outcome = check::note("mx_lookup_error", {{"domain", "example.nl"}});
  r.warnings.push_back(check::note("no_such_code"));
  const auto problems = check::render_messages(r, "en");
  CHECK(problems.size() >= 3);
  CHECK(r.outcome.text.find("{security}") != std::string::npos);
  CHECK(r.warnings.back().text == "no_such_code");
}

TEST_CASE("check messages: a catalogue handed over at run time replaces the embedded one (the wasm package's way)") {
  CHECK(check::has_catalogue("en"));
  CHECK(check::has_catalogue("nl"));
  CHECK_FALSE(check::has_catalogue("fr"));
  CHECK(check::add_catalogue("fr", check::embedded_catalogue("en")).error().code == Errc::invalid_argument);
  CHECK(check::add_catalogue("en", "not json").error().code == Errc::malformed);
  CHECK(check::add_catalogue("en", R"({"lang": "en"})").error().code == Errc::malformed);
  CHECK(check::add_catalogue("en", std::string(2 * 1024 * 1024, ' ')).error().code == Errc::limit_exceeded);

  REQUIRE(check::add_catalogue("en", R"({"messages": {"mx_insecure": {"text": "replaced", "fix": "mended"}}})"));
  check::Report r;
  r.warnings.push_back(check::note("mx_insecure"));
  r.warnings.push_back(check::note("dane_ok"));
  const auto problems = check::render_messages(r, "en");
  CHECK(r.warnings[0].text == "replaced");
  CHECK(r.warnings[0].fix == "mended");
  REQUIRE(problems.size() == 1);  // dane_ok is not in the replacement: its code stands for its text
  CHECK(problems[0].find("dane_ok") != std::string::npos);
  CHECK(r.warnings[1].text == "dane_ok");

  // Through the C ABI, as the JS driver does it.
  const std::string english(check::embedded_catalogue("en"));
  CHECK(daneel_add_catalogue("xx", 2, english.data(), english.size()) == -1);
  CHECK(std::string(daneel_last_error()).find("invalid_argument") != std::string::npos);
  CHECK(daneel_add_catalogue("en", 2, nullptr, 0) == -1);
  REQUIRE(daneel_add_catalogue("en", 2, english.data(), english.size()) == 0);
  CHECK(check::render_messages(r, "en").empty());
  CHECK(r.warnings[0].text != "replaced");
}

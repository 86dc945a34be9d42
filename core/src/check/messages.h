// The message catalogue: every finding the engine reports is a code plus
// named parameters (check::Note); its short verdict text and its "how to fix"
// text come from core/messages/<lang>.json, so no sentence for people lives in
// the logic. Native builds embed the files (daneel_catalogues_embedded); the
// wasm package ships them beside the module and its driver hands over the
// language a check needs (add_catalogue), so a browser downloads one language. A text refers to a parameter as
// {name}; parameters listed under "values" in the catalogue (e.g. a DNSSEC
// security state) are translated too. docs/CHECK.md, "Messages".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "check/report.h"
#include "util/result.h"

namespace daneel::check {

// The languages the catalogue has: the files core/messages/<lang>.json, read
// at build time (catalogue_languages.cpp, generated), sorted; the C ABI's
// daneel_build_info() hands the list to JS. The core's default is English.
inline constexpr std::string_view kDefaultLanguage = "en";
bool is_supported_language(std::string_view lang);
const std::vector<std::string_view>& supported_languages();
// The list for an error message: "\"en\" or \"nl\"".
std::string supported_languages_text();

// Makes `json_text` (a core/messages/<lang>.json file) the catalogue of
// `lang`, in place of the embedded one if any. Errors: a language the engine
// does not speak, text over 1 MiB, not a catalogue object.
Status add_catalogue(std::string_view lang, std::string_view json_text);

// Whether `lang` has a catalogue (embedded or added): without one its texts
// render empty and render_messages reports the problem.
bool has_catalogue(std::string_view lang);

// Every code the engine can emit, with the parameters it always supplies.
struct MessageSpec {
  std::string_view code;
  std::vector<std::string_view> params;
};
const std::vector<MessageSpec>& message_specs();

// A finding for the report (text and fix are rendered later).
Note note(std::string_view code, std::vector<Param> params = {});

// A list parameter's value: "mx1.example, mx2.example".
std::string list_param(const std::vector<std::string>& items);

// Fills `text` and `fix` of every note and subtest of the report from the
// catalogue of `lang` (an unsupported language: English) and sets report.lang.
// Returns what went wrong (a code not in the catalogue, a parameter that the
// text names but the note lacks); empty when every message rendered.
std::vector<std::string> render_messages(Report& report, std::string_view lang);

// The same for one finding outside a report (verify's trust-anchor note).
std::vector<std::string> render_note(Note& note, std::string_view lang);

// For the tests: what is wrong with the catalogue files themselves (a code
// without both texts in a language, a {param} that message_specs() does not
// supply, an entry no code uses, a value table that differs between languages).
std::vector<std::string> catalogue_problems();

}  // namespace daneel::check

// A finding of the report as code + parameters (its own header so that the
// report's parts, e.g. the grading block of check/grading.h, can carry notes).
#pragma once

#include <string>
#include <vector>

namespace daneel::check {

// A named value that a message text refers to as {name}.
struct Param {
  std::string name;
  std::string value;
  friend bool operator==(const Param&, const Param&) = default;
};

// A finding: machine code + parameters; text and fix are rendered from the
// message catalogue (render_messages) when the check finishes.
struct Note {
  std::string code;
  std::vector<Param> params;
  std::string text;                 // short verdict text
  std::string fix;                  // how to fix (or "nothing to do")
};

}  // namespace daneel::check

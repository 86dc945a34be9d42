// The report's per-address `grading` block as JSON (docs/report-schema.json).
#pragma once

#include "check/grading.h"
#include "check/json.h"
#include "util/result.h"

namespace daneel::check {

Json grading_to_json(const GradingReport& report);
Json grading_summary_to_json(const GradingSummary& summary);
// A report's per-address `grading` block back (verify); malformed on names
// that are not ProbeKind / ProbeEnd / FlightStatus / GradingStop words.
Result<RecordedGrading> recorded_grading_from_json(const Json& json);

}  // namespace daneel::check

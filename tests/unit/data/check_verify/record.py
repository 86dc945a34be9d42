#!/usr/bin/env python3
"""Writes recorded_reports.h: reports of the test world's scenarios, with their
evidence, for check_verify_test.cpp (offline verify on recorded bytes).

  DANEEL_VERIFY_SAVE=/tmp/reports build/<dir>/tests/integration/check_verify_world_test
  tests/unit/data/check_verify/record.py /tmp/reports ee311 two-mx

The world's trust anchor (DANEEL_WORLD_TRUST_ANCHOR_DS in world.env) is
recorded next to them: verify needs the anchor the check was made with."""
import json
import os
import pathlib
import sys


def world_anchor() -> str:
    env = pathlib.Path(os.environ.get("DANEEL_WORLD_DIR", "/tmp/daneel-world")) / "world.env"
    for line in env.read_text().splitlines():
        if line.startswith("DANEEL_WORLD_TRUST_ANCHOR_DS="):
            return line.split("=", 1)[1].strip("'")
    sys.exit(f"{env}: no DANEEL_WORLD_TRUST_ANCHOR_DS")


def cxx_name(scenario: str) -> str:
    return "k" + "".join(part.capitalize() for part in scenario.replace("-", "_").split("_"))


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    directory = pathlib.Path(sys.argv[1])
    out = [
        "// Written by record.py from the test world's check reports. Do not edit.",
        "#pragma once",
        "",
        "#include <string_view>",
        "",
        "namespace verify_recorded {",
        "",
        f"inline constexpr std::string_view kTrustAnchor = {json.dumps(world_anchor())};",
    ]
    for scenario in sys.argv[2:]:
        text = (directory / f"{scenario}.json").read_text()
        report = json.loads(text)
        assert report.get("evidence", {}).get("complete"), f"{scenario}: no complete evidence"
        assert ")daneel\"" not in text
        out += ["", f"// {scenario}: verdict {report['verdict']}",
                f"inline constexpr std::string_view {cxx_name(scenario)} = R\"daneel({text})daneel\";"]
    out += ["", "}  // namespace verify_recorded", ""]
    (pathlib.Path(__file__).parent / "recorded_reports.h").write_text("\n".join(out))


if __name__ == "__main__":
    main()

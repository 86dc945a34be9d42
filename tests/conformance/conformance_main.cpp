// conformance_runner: replays Unbound's val_*.rpl scenarios against daneel's
// validator and prints a table plus "N passed, M failed, K skipped".
// Exit status 0 only when every scenario that is neither skipped nor a known
// failure passes, every known failure still fails, and skips stay within
// --max-skip-percent of the files. See docs/CONFORMANCE.md.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "replay.h"
#include "rpl.h"

namespace fs = std::filesystem;
using namespace daneel::conformance;

namespace {

// "file<TAB>category<TAB>reason" lines; '#' comments.
std::map<std::string, std::string> read_tsv(const std::string& path) {
  std::map<std::string, std::string> out;
  if (path.empty()) return out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    out[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string testdata, skips_path, known_path, only;
  double max_skip = 30.0;
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--testdata") testdata = next();
    else if (a == "--skips") skips_path = next();
    else if (a == "--known-failures") known_path = next();
    else if (a == "--max-skip-percent") max_skip = std::atof(next().c_str());
    else if (a == "--only") only = next();
    else if (a == "-v" || a == "--verbose") verbose = true;
    else {
      std::fprintf(stderr, "usage: conformance_runner --testdata DIR [--skips F] [--known-failures F] "
                           "[--max-skip-percent P] [--only FILE] [-v]\n");
      return 2;
    }
  }
  if (testdata.empty() || !fs::is_directory(testdata)) {
    std::fprintf(stderr, "conformance_runner: no testdata directory '%s' (run scripts/fetch-sources)\n", testdata.c_str());
    return 2;
  }
  const auto skips = read_tsv(skips_path);
  const auto known = read_tsv(known_path);

  std::vector<std::string> files;
  for (const auto& de : fs::directory_iterator(testdata)) {
    const std::string name = de.path().filename().string();
    if (name.rfind("val_", 0) == 0 && de.path().extension() == ".rpl") files.push_back(name);
  }
  std::sort(files.begin(), files.end());

  std::size_t passed = 0, failed = 0, skipped = 0, known_failed = 0, unexpected_pass = 0;
  std::vector<std::string> problems;
  for (const std::string& f : files) {
    if (!only.empty() && f != only) continue;
    if (auto s = skips.find(f); s != skips.end()) {
      ++skipped;
      std::printf("%-44s SKIP  %s\n", f.c_str(), s->second.c_str());
      continue;
    }
    std::ifstream in(testdata + "/" + f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    daneel::Result<Scenario> sc = parse_rpl(text);
    ReplayResult r;
    if (!sc) {
      r.first_difference = "parse: " + sc.error().message;
    } else {
      r = replay(sc.value(), ReplayOptions{verbose});
    }
    if (verbose)
      for (const std::string& l : r.log) std::printf("    %s\n", l.c_str());
    const bool is_known = known.count(f) != 0;
    if (r.passed) {
      ++passed;
      if (is_known) {
        ++unexpected_pass;
        problems.push_back(f + " passes but is listed in known_failures.tsv: remove it");
      }
      std::printf("%-44s PASS  (%zu checks)%s\n", f.c_str(), r.checks.size(), is_known ? "  [listed as known failure!]" : "");
    } else {
      ++failed;
      if (is_known) ++known_failed;
      else problems.push_back(f + " fails: " + r.first_difference);
      std::printf("%-44s FAIL  %s%s\n", f.c_str(), r.first_difference.c_str(), is_known ? "  [known]" : "");
    }
  }
  const std::size_t total = passed + failed + skipped;
  auto pct = [&](std::size_t n) { return total == 0 ? 0.0 : 100.0 * static_cast<double>(n) / static_cast<double>(total); };
  std::printf("\n%zu files: %zu passed (%.1f%%), %zu failed (%.1f%%; %zu known), %zu skipped (%.1f%%)\n", total, passed,
              pct(passed), failed, pct(failed), known_failed, skipped, pct(skipped));
  if (only.empty() && pct(skipped) > max_skip) problems.push_back("skips exceed " + std::to_string(max_skip) + "% of the files");
  for (const std::string& p : problems) std::printf("PROBLEM: %s\n", p.c_str());
  std::printf("%zu passed, %zu failed, %zu skipped\n", passed, failed, skipped);
  return problems.empty() ? 0 : 1;
}

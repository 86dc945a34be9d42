// Maps a request path to a regular file under the web root.
//
// Policy (docs/PROXY.md): the path is split on '/', then each segment is
// percent-decoded once. Refused: malformed escapes, encoded '/' or '\', NUL and
// other control bytes, empty segments ("//"), and any segment starting with '.'
// (".", "..", dotfiles). Files are opened relative to the root one component at a
// time with O_NOFOLLOW, so no symlink is ever followed below the root and there is
// no check-then-open race. Only regular files are served.
#pragma once

#include "unique_fd.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace daneel::proxy {

enum class PathProblem {
  None,
  BadRequest,  // not origin-form, or a malformed percent escape
  Refused,     // traversal, dotfile, control byte, encoded separator
};

struct SplitPath {
  PathProblem problem = PathProblem::None;
  std::vector<std::string> segments;  // decoded; a trailing '/' adds "index.html"
};

// `target` is the request target; any query string is ignored.
[[nodiscard]] SplitPath split_url_path(std::string_view target);

// Decoded path of a target, for exact-match routes; nullopt when refused.
[[nodiscard]] std::optional<std::string> route_path(std::string_view target);

// MIME type by file extension; application/octet-stream when unknown.
[[nodiscard]] std::string_view mime_type_for(std::string_view file_name);

struct OpenedFile {
  UniqueFd fd;
  std::uint64_t size = 0;
};

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

  // nullopt: no such regular file reachable without symlinks (404).
  [[nodiscard]] std::optional<OpenedFile> open(const std::vector<std::string>& segments) const;

 private:
  std::filesystem::path root_;
};

}  // namespace daneel::proxy

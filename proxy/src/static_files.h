// Maps a request path to a regular file under the web root.
//
// Policy (docs/PROXY.md): the path is split on '/', then each segment is
// percent-decoded once. Refused: malformed escapes, encoded '/' or '\', NUL and
// other control bytes, empty segments ("//"), and any segment starting with '.'
// (".", "..", dotfiles). Files are opened relative to the root one component at a
// time with O_NOFOLLOW, so no symlink is ever followed below the root and there is
// no check-then-open race. Only regular files are served.
//
// Precompressed files: for X, a regular file X.gz beside it (same directory,
// same rules) is the gzip representation of X, used when the client accepts
// gzip and X.gz is not older than X (a stale X.gz from an older release is
// never served; X is). The proxy never compresses anything itself.
#pragma once

#include "policy/conditional_get.h"
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
  policy::FileVersion version;  // size, mtime, inode from the fstat of fd
};

// The file to send and its content coding (gzip: X.gz sent for X).
struct Representation {
  OpenedFile file;
  policy::ContentCoding coding = policy::ContentCoding::identity;
};

enum class GzipVariant {
  ignore,  // send X itself
  prefer,  // send X.gz when it exists and is current, else X
};

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

  // nullopt: no such regular file reachable without symlinks (404). The
  // decision is about X: a missing X is 404 even when X.gz exists.
  [[nodiscard]] std::optional<Representation> open(const std::vector<std::string>& segments,
                                                   GzipVariant variant) const;

 private:
  std::filesystem::path root_;
};

}  // namespace daneel::proxy

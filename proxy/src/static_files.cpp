#include "static_files.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <array>
#include <utility>

namespace daneel::proxy {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes once. nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) return std::nullopt;
    const int hi = hex_value(in[i + 1]);
    const int lo = hex_value(in[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

bool segment_allowed(std::string_view segment) {
  if (segment.empty() || segment.front() == '.') return false;
  for (const char c : segment) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || c == '/' || c == '\\') return false;
  }
  return true;
}

// `name` in `dir` when it is a regular file, reached without a symlink.
std::optional<OpenedFile> open_regular(const UniqueFd& dir, const std::string& name) {
  // O_NONBLOCK: opening a FIFO must not block the server; regular files ignore it.
  UniqueFd file{::openat(dir.get(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)};
  if (!file.valid()) return std::nullopt;
  struct stat st {};
  if (::fstat(file.get(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  constexpr std::int64_t kNanosPerSecond = 1'000'000'000;
  const policy::FileVersion version{
      .size = static_cast<std::uint64_t>(st.st_size),
      .mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * kNanosPerSecond + st.st_mtim.tv_nsec,
      .inode = static_cast<std::uint64_t>(st.st_ino)};
  return OpenedFile{std::move(file), version};
}

std::string_view path_part(std::string_view target) {
  return target.substr(0, target.find('?'));
}

}  // namespace

SplitPath split_url_path(std::string_view target) {
  SplitPath result;
  const std::string_view path = path_part(target);
  if (path.empty() || path.front() != '/') {
    result.problem = PathProblem::BadRequest;
    return result;
  }
  std::string_view rest = path.substr(1);
  while (true) {
    const auto slash = rest.find('/');
    const std::string_view raw = rest.substr(0, slash);
    const bool last = slash == std::string_view::npos;
    if (last && raw.empty()) {
      result.segments.emplace_back("index.html");  // "/" or "/dir/"
      break;
    }
    auto decoded = percent_decode(raw);
    if (!decoded) {
      result.problem = PathProblem::BadRequest;
      result.segments.clear();
      return result;
    }
    if (!segment_allowed(*decoded)) {
      result.problem = PathProblem::Refused;
      result.segments.clear();
      return result;
    }
    result.segments.push_back(std::move(*decoded));
    if (last) break;
    rest = rest.substr(slash + 1);
  }
  return result;
}

std::optional<std::string> route_path(std::string_view target) {
  const std::string_view path = path_part(target);
  // Routes are plain ASCII paths; anything escaped is never a route.
  if (path.find('%') != std::string_view::npos) return std::nullopt;
  return std::string(path);
}

std::string_view mime_type_for(std::string_view file_name) {
  struct Entry {
    std::string_view extension;
    std::string_view type;
  };
  static constexpr std::array<Entry, 12> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".wasm", "application/wasm"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
      // Asked for by name, X.gz is a file of its own (docs/PROXY.md).
      {".gz", "application/gzip"},
  }};
  for (const auto& entry : kTypes) {
    if (file_name.size() > entry.extension.size() && file_name.ends_with(entry.extension)) {
      return entry.type;
    }
  }
  return "application/octet-stream";
}

std::optional<Representation> StaticFiles::open(const std::vector<std::string>& segments,
                                                GzipVariant variant) const {
  if (segments.empty()) return std::nullopt;
  // The root itself may be reached through symlinks (it was canonicalised at startup).
  UniqueFd dir{::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (!dir.valid()) return std::nullopt;
  for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
    UniqueFd next{::openat(dir.get(), segments[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)};
    if (!next.valid()) return std::nullopt;
    dir = std::move(next);
  }
  const std::string& name = segments.back();
  auto source = open_regular(dir, name);
  if (!source) return std::nullopt;
  // X.gz.gz is never looked for: X.gz asked for by name is sent as it is.
  if (variant == GzipVariant::prefer && !name.ends_with(".gz")) {
    auto gzip = open_regular(dir, name + ".gz");
    if (gzip && gzip->version.mtime_ns >= source->version.mtime_ns) {
      return Representation{std::move(*gzip), policy::ContentCoding::gzip};
    }
  }
  return Representation{std::move(*source), policy::ContentCoding::identity};
}

}  // namespace daneel::proxy

// Validators and conditional GET for static files (RFC 9110 §8.8, §13).
//
// The entity tag is made from what fstat already gave the server: size, mtime
// in nanoseconds and inode, so a replaced or rewritten file gets a new tag
// without reading or hashing it. It is strong: within one file system a file
// with the same inode, size and nanosecond mtime is taken to have the same
// bytes (a rewrite in place within the same nanosecond, keeping the size, is
// the one way to defeat it; deployments replace files, scripts/stage-site
// writes a new tree). The gzip representation has a tag of its own (its own
// file's stat and a "-gz" suffix), as RFC 9110 §8.8.3 requires of different
// content codings.
//
// Pure and bounded: If-None-Match fields longer than kMaxConditionalField or
// with more than kMaxEntityTags members match nothing (the full response is
// always a safe answer).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace daneel::proxy::policy {

inline constexpr std::size_t kMaxConditionalField = 4096;
inline constexpr std::size_t kMaxEntityTags = 64;

enum class ContentCoding { identity, gzip };

// What fstat says about the file a representation is read from.
struct FileVersion {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;  // since 1970, UTC
  std::uint64_t inode = 0;
};

// A quoted strong entity tag, e.g. "\"2d-17e3a0c1f2b4c5d6-1a2b\"" (hex fields).
[[nodiscard]] std::string format_entity_tag(const FileVersion& version, ContentCoding coding);

// The mtime in whole seconds, as Last-Modified and If-Modified-Since count it.
[[nodiscard]] std::int64_t mtime_seconds(const FileVersion& version);

// Whether an If-None-Match field value names `entity_tag` (weak comparison,
// RFC 9110 §13.1.2: W/"x" matches "x") or is "*". A malformed or oversized
// value matches nothing.
[[nodiscard]] bool if_none_match_matches(std::string_view field, std::string_view entity_tag);

enum class Freshness {
  send,          // 200 with the body
  not_modified,  // 304, the client's copy is current
};

// The request's preconditions; nullopt: the field is absent. Several field
// lines of one name are joined with ", " by the caller.
struct Preconditions {
  std::optional<std::string_view> if_none_match;
  std::optional<std::string_view> if_modified_since;
};

// RFC 9110 §13.2.2 for GET and HEAD: If-None-Match decides when present;
// otherwise If-Modified-Since, when a valid HTTP-date not older than the
// file's mtime (whole seconds), means not modified.
[[nodiscard]] Freshness evaluate_preconditions(const Preconditions& request, std::string_view entity_tag,
                                               std::int64_t last_modified_seconds);

}  // namespace daneel::proxy::policy

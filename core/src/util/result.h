// Result<T>: a value or an Error, never both. The core reports every failure as
// a value (no exceptions: Emscripten builds cannot catch them cheaply, and a
// sans-IO state machine must be able to carry on after bad input).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace daneel {

// Broad classes of failure. Callers branch on these; the message is for people.
enum class Errc : std::uint8_t {
  truncated,         // input ended before a complete item
  malformed,         // input present but not of the required form
  out_of_range,      // a value or position outside what is allowed
  limit_exceeded,    // a resource bound (size, count, budget) was hit
  invalid_argument,  // the caller passed something unusable
  unsupported,       // well-formed, but not something we implement
  internal,          // a broken invariant: a bug in daneel
};

[[nodiscard]] std::string_view to_string(Errc code);

struct Error {
  Errc code;
  std::string message;

  friend bool operator==(const Error&, const Error&) = default;
};

// Aborts with a message: for broken invariants only, never for bad input.
[[noreturn]] void fatal(std::string_view what);

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  [[nodiscard]] bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  [[nodiscard]] const T& value() const& { return ok() ? *std::get_if<0>(&state_) : misuse<const T&>(); }
  [[nodiscard]] T& value() & { return ok() ? *std::get_if<0>(&state_) : misuse<T&>(); }
  [[nodiscard]] T&& value() && { return ok() ? std::move(*std::get_if<0>(&state_)) : misuse<T&&>(); }
  [[nodiscard]] const Error& error() const { return ok() ? misuse<const Error&>() : *std::get_if<1>(&state_); }

  [[nodiscard]] T value_or(T fallback) const& { return ok() ? *std::get_if<0>(&state_) : std::move(fallback); }

 private:
  template <class R>
  [[noreturn]] static R misuse() { fatal(ok_misuse_message); }
  static constexpr std::string_view ok_misuse_message = "Result: accessed the side that is not there";

  std::variant<T, Error> state_;
};

// The outcome of an operation that yields no value.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT: implicit by design

  [[nodiscard]] bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  [[nodiscard]] const Error& error() const {
    if (!failed_) fatal("Status: error() on success");
    return error_;
  }

 private:
  Error error_{Errc::internal, {}};
  bool failed_ = false;
};

inline Error make_error(Errc code, std::string message) { return Error{code, std::move(message)}; }

}  // namespace daneel

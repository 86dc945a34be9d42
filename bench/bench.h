// A tiny timing harness: runs a body until enough time has passed and prints
// one line of figures. Benchmarks report numbers; they never pass or fail.
#pragma once

#include <chrono>
#include <cstdio>
#include <string_view>

namespace daneel::bench {

// Keeps the optimizer from removing work whose result is otherwise unused.
template <class T>
void keep(const T& value) {
  asm volatile("" : : "g"(&value) : "memory");
}

// Runs `body` (which processes `bytes_per_run` bytes) for about `budget`, then
// prints runs, ns per run and MB/s.
template <class Body>
void run(std::string_view name, std::size_t bytes_per_run, Body body,
         std::chrono::milliseconds budget = std::chrono::milliseconds(300)) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  std::size_t runs = 0;
  while (Clock::now() - start < budget) {
    for (int i = 0; i < 16; ++i) body();
    runs += 16;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double ns_per_run = seconds * 1e9 / static_cast<double>(runs);
  const double mb_per_s = static_cast<double>(bytes_per_run * runs) / seconds / 1e6;
  std::printf("%-32.*s %10zu runs %12.1f ns/run %10.1f MB/s %12.0f runs/s\n", static_cast<int>(name.size()),
              name.data(), runs, ns_per_run, mb_per_s, 1e9 / ns_per_run);
}

}  // namespace daneel::bench

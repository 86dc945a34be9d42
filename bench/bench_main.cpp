#include <cstdio>

namespace daneel::bench {
void encoding();
}

int main() {
  std::printf("daneel benchmarks (Release build; figures vary with the machine)\n");
  daneel::bench::encoding();
  return 0;
}

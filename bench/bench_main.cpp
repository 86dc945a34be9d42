#include <cstdio>

namespace daneel::bench {
void encoding();
void dns_messages();
void dane_matching();
void dnssec_validation();
}

int main() {
  std::printf("daneel benchmarks (Release build; figures vary with the machine)\n");
  daneel::bench::encoding();
  daneel::bench::dns_messages();
  daneel::bench::dane_matching();
  daneel::bench::dnssec_validation();
  return 0;
}

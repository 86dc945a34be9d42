// Without libFuzzer, a fuzz target becomes a tool that replays the files named
// on its command line through LLVMFuzzerTestOneInput (crash reproduction, CI).
#include <cstdint>
#include <cstdio>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::FILE* file = std::fopen(argv[i], "rb");
    if (file == nullptr) {
      std::fprintf(stderr, "cannot open %s\n", argv[i]);
      return 2;
    }
    std::vector<std::uint8_t> data;
    std::uint8_t buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) data.insert(data.end(), buffer, buffer + n);
    std::fclose(file);
    LLVMFuzzerTestOneInput(data.data(), data.size());
  }
  std::printf("replayed %d inputs\n", argc - 1);
  return 0;
}

#include <catch2/catch_test_macros.hpp>

#include "util/byte_reader.h"

using daneel::ByteReader;
using daneel::Bytes;
using daneel::Errc;

TEST_CASE("ByteReader reads integers in network byte order") {
  const Bytes data = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07};
  ByteReader reader(data);
  CHECK(reader.u8() == 0x01);
  CHECK(reader.u16() == 0x0203);
  CHECK(reader.u32() == 0x04050607u);
  CHECK(reader.ok());
  CHECK(reader.at_end());
  CHECK(reader.status().ok());
}

TEST_CASE("ByteReader errors are sticky: later reads yield zeros and the first error stays") {
  const Bytes data = {0xaa, 0xbb, 0xcc};
  ByteReader reader(data);
  CHECK(reader.u16() == 0xaabb);
  CHECK(reader.u32() == 0);  // only one byte left
  REQUIRE_FALSE(reader.ok());
  CHECK(reader.error()->code == Errc::truncated);
  CHECK(reader.error()->message == "needed 4 bytes at offset 2, only 1 left");
  // The remaining byte is no longer readable, and nothing overwrites the first error.
  CHECK(reader.u8() == 0);
  CHECK(reader.bytes(1).empty());
  reader.seek(0);
  CHECK(reader.u8() == 0);
  reader.fail(Errc::malformed, "later problem");
  CHECK(reader.error()->message == "needed 4 bytes at offset 2, only 1 left");
  CHECK(reader.remaining() == 0);
  CHECK(reader.status().error().code == Errc::truncated);
}

TEST_CASE("ByteReader truncates at every offset of a short buffer") {
  const Bytes data = {1, 2, 3, 4, 5, 6, 7, 8};
  // Reading a 4-byte integer from each suffix shorter than 4 must fail, never read past the end.
  for (std::size_t length = 0; length < 4; ++length) {
    ByteReader reader(daneel::ByteView(data.data(), length));
    CHECK(reader.u32() == 0);
    CHECK_FALSE(reader.ok());
  }
}

TEST_CASE("ByteReader bytes, skip and seek stay within bounds") {
  const Bytes data = {10, 20, 30, 40, 50};
  ByteReader reader(data);
  const auto first = reader.bytes(2);
  REQUIRE(first.size() == 2);
  CHECK(first[1] == 20);
  reader.skip(1);
  CHECK(reader.u8() == 40);
  reader.seek(1);
  CHECK(reader.offset() == 1);
  CHECK(reader.u8() == 20);
  reader.seek(5);  // the end itself is a valid position
  CHECK(reader.ok());
  CHECK(reader.at_end());

  ByteReader past(data);
  past.seek(6);
  CHECK(past.error()->code == Errc::out_of_range);

  ByteReader huge(data);
  CHECK(huge.bytes(SIZE_MAX).empty());  // no overflow in the bounds check
  CHECK(huge.error()->code == Errc::truncated);

  ByteReader skipped(data);
  skipped.skip(6);
  CHECK_FALSE(skipped.ok());
}

TEST_CASE("ByteReader::fail records a caller's reason once") {
  const Bytes data = {0};
  ByteReader reader(data);
  reader.fail(Errc::out_of_range, "class 0 is not allowed");
  reader.fail(Errc::malformed, "second");
  CHECK(reader.error()->code == Errc::out_of_range);
  CHECK(reader.error()->message == "class 0 is not allowed");
}

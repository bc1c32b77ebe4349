#include "airgrid/base/status.h"

#include <gtest/gtest.h>

#include <string>

namespace airgrid {
namespace {

TEST(Status, ExitCodesFollowTheTable) {
  // docs/formats.md, "Exit codes": the user's mistakes 2, internal failures 1.
  EXPECT_EQ(Status::Ok().ExitCode(), 0);
  EXPECT_EQ(Status::InvalidInput("x").ExitCode(), 2);
  EXPECT_EQ(Status::NotFound("x").ExitCode(), 2);
  EXPECT_EQ(Status::IoError("cannot write out/r.html").ExitCode(), 2);
  EXPECT_EQ(Status::Unavailable("x").ExitCode(), 1);
  EXPECT_EQ(Status::Internal("x").ExitCode(), 1);
}

TEST(Result, HoldsItsValue) {
  Result<std::string> r = std::string("abc");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 3u);
  EXPECT_EQ(std::move(r).value(), "abc");
}

}  // namespace
}  // namespace airgrid

#include "airgrid/base/step.h"

#include <new>
#include <stdexcept>

#include <gtest/gtest.h>

namespace airgrid {
namespace {

void AllocateInside(const char* input) {
  StepScope step("decoding the mask", input);
  throw std::bad_alloc();
}

TEST(StepScope, DescribesOpenStepsInnermostFirst) {
  EXPECT_EQ(CurrentStep(), "");
  StepScope outer("metrics segmentation");
  {
    StepScope inner("reading", "m.png");
    EXPECT_EQ(CurrentStep(), "reading 'm.png' (in: metrics segmentation)");
  }
  EXPECT_EQ(CurrentStep(), "metrics segmentation");
}

TEST(StepScope, RemembersTheInnermostStepAnExceptionLeft) {
  try {
    StepScope outer("simulating", "lublin:50");
    StepScope middle("study phase", "campaign");
    AllocateInside("m.png");
  } catch (const std::bad_alloc&) {
    EXPECT_EQ(FailedStep(), "decoding the mask 'm.png' (in: study phase 'campaign' > simulating 'lublin:50')");
    EXPECT_EQ(CurrentStep(), "");
  }
  // A new step means the failure was handled: it is forgotten.
  StepScope next("writing", "out.json");
  EXPECT_EQ(FailedStep(), "");
}

TEST(StepScope, ANormalExitRemembersNothing) {
  {
    StepScope a("reading", "x");
  }
  EXPECT_EQ(FailedStep(), "");
  try {
    throw std::runtime_error("outside any step");
  } catch (const std::exception&) {
  }
  EXPECT_EQ(FailedStep(), "");
}

}  // namespace
}  // namespace airgrid

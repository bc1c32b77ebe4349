#include <cstdlib>

#include <gtest/gtest.h>

#include "airgrid/measure/sources.h"
#include "measure/test_util.h"

namespace airgrid::measure {
namespace {

// The mock reads its configuration from the environment at nvmlInit_v2.
class NvmlMock : public ::testing::Test {
 protected:
  void SetUp() override { unsetenv("CUDA_VISIBLE_DEVICES"); }
  void TearDown() override {
    unsetenv("NVML_MOCK_DEVICES");
    unsetenv("NVML_MOCK_ENERGY");
    unsetenv("NVML_MOCK_PIDS");
  }
  NvmlOptions Options(const char* devices, const char* energy) {
    setenv("NVML_MOCK_DEVICES", devices, 1);
    setenv("NVML_MOCK_ENERGY", energy, 1);
    NvmlOptions o;
    o.library = NVML_MOCK_PATH;
    o.clock = &clock_;
    return o;
  }
  testing::FakeClock clock_;
};

TEST_F(NvmlMock, EnergyCounterPerDevice) {
  auto r = OpenNvml(Options("2", "1"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EnergySource& s = **r;
  ASSERT_EQ(s.channels().size(), 2u);
  EXPECT_EQ(s.channels()[0].method, "measured:nvml-energy");
  EXPECT_EQ(s.channels()[1].device, "gpu-1 GPU-mock-uuid-1 (Mock GPU 1)");
  // Opening read the counter once and the constructor's first Sample once more: each later read
  // adds 1000 mJ (device 0) and 1500 mJ (device 1).
  std::vector<double> j;
  ASSERT_TRUE(s.Sample(&j).ok());
  EXPECT_DOUBLE_EQ(j[0], 2.0);
  EXPECT_DOUBLE_EQ(j[1], 3.0);
}

TEST_F(NvmlMock, WithoutEnergyCounterIntegratesPower) {
  auto r = OpenNvml(Options("2", "0"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EnergySource& s = **r;
  EXPECT_EQ(s.channels()[0].method, "measured:nvml-power");
  clock_.t += 10.0;
  std::vector<double> j;
  ASSERT_TRUE(s.Sample(&j).ok());
  EXPECT_DOUBLE_EQ(j[0], 1000.0);  // 100 W × 10 s
  EXPECT_DOUBLE_EQ(j[1], 1500.0);  // 150 W × 10 s
}

TEST_F(NvmlMock, CudaVisibleDevicesRestrictsAndStopsAtInvalid) {
  NvmlOptions o = Options("3", "1");
  o.cuda_visible_devices = "2,GPU-mock-uuid-0,7,1";
  auto r = OpenNvml(o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ((*r)->channels().size(), 2u);  // 7 is invalid: CUDA ignores it and what follows
  EXPECT_EQ((*r)->channels()[0].device, "gpu-2 GPU-mock-uuid-2 (Mock GPU 2)");
  EXPECT_EQ((*r)->channels()[1].device, "gpu-0 GPU-mock-uuid-0 (Mock GPU 0)");
  EXPECT_NE((*r)->detail().find("PCI bus order"), std::string::npos) << (*r)->detail();
}

TEST_F(NvmlMock, EnvironmentVariableIsHonoured) {
  NvmlOptions o = Options("2", "1");
  setenv("CUDA_VISIBLE_DEVICES", "1", 1);
  auto r = OpenNvml(o);
  unsetenv("CUDA_VISIBLE_DEVICES");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ((*r)->channels().size(), 1u);
  EXPECT_EQ((*r)->channels()[0].device, "gpu-1 GPU-mock-uuid-1 (Mock GPU 1)");
}

TEST_F(NvmlMock, UuidsMapToNvmlDevicesNotIndices) {
  NvmlOptions o = Options("3", "1");
  o.cuda_visible_devices = "GPU-mock-uuid-2,GPU-mock-uuid-0";  // CUDA's 0 is NVML's 2
  auto r = OpenNvml(o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ((*r)->channels().size(), 2u);
  EXPECT_EQ((*r)->channels()[0].device, "gpu-2 GPU-mock-uuid-2 (Mock GPU 2)");
  EXPECT_EQ((*r)->channels()[1].device, "gpu-0 GPU-mock-uuid-0 (Mock GPU 0)");
  std::vector<double> j;
  ASSERT_TRUE((*r)->Sample(&j).ok());
  EXPECT_DOUBLE_EQ(j[0], 4.0);  // device 2: 2000 mJ per read, two reads since opening
  EXPECT_EQ((*r)->detail().find("PCI bus order"), std::string::npos);
  // A unique UUID prefix is accepted, as by CUDA; an ambiguous one ends the list.
  o.cuda_visible_devices = "GPU-mock-uuid-1,GPU-mock";
  r = OpenNvml(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->channels().size(), 1u);
}

TEST_F(NvmlMock, MigInstancesMeasureTheirParentGpuOnceAndSaySo) {
  NvmlOptions o = Options("2", "1");
  o.cuda_visible_devices = "MIG-mock-1-0,MIG-mock-1-1,MIG-GPU-mock-uuid-0/1/0";
  auto r = OpenNvml(o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ((*r)->channels().size(), 2u);
  EXPECT_EQ((*r)->channels()[0].device,
            "gpu-1 GPU-mock-uuid-1 (Mock GPU 1) [whole GPU; MIG instance MIG-mock-1-0, MIG-mock-1-1 visible]");
  EXPECT_EQ((*r)->channels()[1].device,
            "gpu-0 GPU-mock-uuid-0 (Mock GPU 0) [whole GPU; MIG instance MIG-GPU-mock-uuid-0/1/0 visible]");
  EXPECT_NE((*r)->detail().find("the figure is the whole GPU's"), std::string::npos) << (*r)->detail();
}

TEST_F(NvmlMock, OnlyGpusTheTreeUsesAreCharged) {
  NvmlOptions o = Options("2", "1");
  setenv("NVML_MOCK_PIDS", "1:4242", 1);  // a tracked process runs on GPU 1 only
  o.tracked_pids = [] { return std::vector<int>{4242, 4243}; };
  auto r = OpenNvml(o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  std::vector<double> j;
  ASSERT_TRUE((*r)->Sample(&j).ok());
  ASSERT_TRUE((*r)->Sample(&j).ok());
  EXPECT_DOUBLE_EQ(j[0], 0.0);  // never used by the tree
  EXPECT_GT(j[1], 0.0);
  EXPECT_NE((*r)->detail().find("charged only while a tracked process runs on it"), std::string::npos);
  // Where NVML cannot list processes, the GPU is charged in full and the record says so.
  setenv("NVML_MOCK_PIDS", "unsupported", 1);
  r = OpenNvml(o);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE((*r)->Sample(&j).ok());
  EXPECT_GT(j[0], 0.0);
  EXPECT_NE((*r)->detail().find("cannot list its processes, charged in full"), std::string::npos);
}

TEST_F(NvmlMock, NoVisibleDeviceSaysWhy) {
  NvmlOptions o = Options("2", "1");
  o.cuda_visible_devices = "";
  auto r = OpenNvml(o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("CUDA_VISIBLE_DEVICES"), std::string::npos);
}

TEST(Nvml, MissingLibrarySaysWhy) {
  NvmlOptions o;
  o.library = "/nonexistent/libnvidia-ml.so.1";
  auto r = OpenNvml(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
  EXPECT_NE(r.status().message().find("NVML not loadable"), std::string::npos);
}

}  // namespace
}  // namespace airgrid::measure

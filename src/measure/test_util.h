// Helpers shared by the measure tests: temporary fake sysfs//proc trees and a settable clock.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "airgrid/measure/energy_source.h"

namespace airgrid::measure::testing {

// A fresh empty folder under /tmp, removed on destruction.
class TempTree {
 public:
  TempTree() {
    char tmpl[] = "/tmp/airgrid_measure_XXXXXX";
    root_ = mkdtemp(tmpl);
  }
  ~TempTree() { std::filesystem::remove_all(root_); }
  const std::string& root() const { return root_; }
  // Writes `content` to root/rel, creating folders.
  void Write(const std::string& rel, const std::string& content) const {
    std::filesystem::path p = std::filesystem::path(root_) / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << content;
  }

 private:
  std::string root_;
};

class FakeClock : public Clock {
 public:
  double Now() const override { return t; }
  double t = 1000.0;
};

}  // namespace airgrid::measure::testing

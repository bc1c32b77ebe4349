// Progress of long runs (campaigns, studies), shown to a person.
//
// A ProgressSink receives Start(total), Update(done) and Finish(); ProgressDisplay renders it:
// - on a terminal: one line redrawn in place ('\r') at most every 0.1 s, with a bar, the
//   percentage, done/total, the rate (units per second since Start) and the ETA;
// - otherwise (a log file, CI): one line each time another 10% is done, and a final line.
// Output stream and clock are injected so tests can check exactly what is printed.
// All methods are thread-safe (several workers may report).
#pragma once

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <ostream>
#include <string>

#include "airgrid/base/clock.h"

namespace airgrid {

class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  // `already_done` units were done before this run (a resume): they count towards the
  // percentage but not the rate.
  virtual void Start(const std::string& label, int64_t total, int64_t already_done) = 0;
  // `done` is the running total, already_done included; it never decreases.
  virtual void Update(int64_t done) = 0;
  virtual void Finish() = 0;
};

// True if `f` is a terminal.
bool IsTerminal(std::FILE* f);

class ProgressDisplay : public ProgressSink {
 public:
  // `unit` names what is counted ("trials"). `clock` defaults to SteadyClock().
  ProgressDisplay(std::ostream& out, bool terminal, std::string unit,
                  const Clock* clock = nullptr);

  void Start(const std::string& label, int64_t total, int64_t already_done) override;
  void Update(int64_t done) override;
  void Finish() override;

 private:
  void DrawBar(double now);
  std::string Stats(double now) const;

  std::mutex mu_;
  std::ostream& out_;
  bool terminal_;
  std::string unit_;
  const Clock* clock_;
  std::string label_;
  int64_t total_ = 0;
  int64_t start_done_ = 0;
  int64_t done_ = 0;
  double start_time_ = 0;
  double last_draw_ = -1;
  int last_decile_ = 0;
  bool started_ = false;
};

// "1.23 M", "456 k", "12": numbers for people.
std::string HumanCount(double v);
// "1h02m", "3m05s", "42s".
std::string HumanDuration(double seconds);

}  // namespace airgrid

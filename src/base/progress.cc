#include "airgrid/base/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace airgrid {
namespace {

constexpr int kBarWidth = 30;
constexpr double kRedrawSeconds = 0.1;

}  // namespace

bool IsTerminal(std::FILE* f) { return f != nullptr && ::isatty(::fileno(f)) == 1; }

std::string HumanCount(double v) {
  const double a = std::fabs(v);
  if (a >= 1e9) return fmt::format("{:.3g} G", v / 1e9);
  if (a >= 1e6) return fmt::format("{:.3g} M", v / 1e6);
  if (a >= 1e4) return fmt::format("{:.3g} k", v / 1e3);
  return fmt::format("{:.0f}", v);
}

std::string HumanDuration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const int64_t s = static_cast<int64_t>(std::llround(seconds));
  if (s >= 3600) return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
  if (s >= 60) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

ProgressDisplay::ProgressDisplay(std::ostream& out, bool terminal, std::string unit,
                                 const Clock* clock)
    : out_(out),
      terminal_(terminal),
      unit_(std::move(unit)),
      clock_(clock ? clock : &SteadyClock()) {}

void ProgressDisplay::Start(const std::string& label, int64_t total, int64_t already_done) {
  std::lock_guard<std::mutex> lock(mu_);
  label_ = label;
  total_ = std::max<int64_t>(total, 0);
  start_done_ = done_ = std::clamp<int64_t>(already_done, 0, total_);
  start_time_ = clock_->Now();
  last_draw_ = -1;
  last_decile_ = total_ > 0 ? static_cast<int>(done_ * 10 / total_) : 10;
  started_ = true;
  if (terminal_) {
    DrawBar(start_time_);
  } else if (start_done_ > 0) {
    out_ << fmt::format("{}: resuming at {}/{} {} ({}%)\n", label_, HumanCount(double(done_)),
                        HumanCount(double(total_)), unit_, last_decile_ * 10)
         << std::flush;
  }
}

std::string ProgressDisplay::Stats(double now) const {
  const double elapsed = now - start_time_;
  const double rate = elapsed > 0 ? static_cast<double>(done_ - start_done_) / elapsed : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done_) / rate : NAN;
  return fmt::format("{}/{} {}, {} {}/s, ETA {}", HumanCount(double(done_)),
                     HumanCount(double(total_)), unit_, HumanCount(rate), unit_,
                     HumanDuration(eta));
}

void ProgressDisplay::DrawBar(double now) {
  const double frac = total_ > 0 ? static_cast<double>(done_) / static_cast<double>(total_) : 1.0;
  const int filled = static_cast<int>(frac * kBarWidth);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kBarWidth - filled), '.');
  out_ << fmt::format("\r{} [{}] {:3.0f}% {}\x1b[K", label_, bar, frac * 100, Stats(now))
       << std::flush;
  last_draw_ = now;
}

void ProgressDisplay::Update(int64_t done) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!started_) return;
  done_ = std::clamp<int64_t>(std::max(done, done_), 0, total_);
  const double now = clock_->Now();
  if (terminal_) {
    if (last_draw_ < 0 || now - last_draw_ >= kRedrawSeconds || done_ == total_) DrawBar(now);
    return;
  }
  const int decile = total_ > 0 ? static_cast<int>(done_ * 10 / total_) : 10;
  if (decile > last_decile_ && decile < 10) {
    last_decile_ = decile;
    out_ << fmt::format("{}: {}% ({})\n", label_, decile * 10, Stats(now)) << std::flush;
  }
}

void ProgressDisplay::Finish() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!started_) return;
  const double now = clock_->Now();
  const double elapsed = now - start_time_;
  const double rate = elapsed > 0 ? static_cast<double>(done_ - start_done_) / elapsed : 0.0;
  if (terminal_) {
    DrawBar(now);
    out_ << "\n";
  }
  out_ << fmt::format("{}: done {}/{} {} in {} ({} {}/s)\n", label_, HumanCount(double(done_)),
                      HumanCount(double(total_)), unit_, HumanDuration(elapsed), HumanCount(rate),
                      unit_)
       << std::flush;
  started_ = false;
}

}  // namespace airgrid

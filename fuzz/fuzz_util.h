// Shared checks of the fuzz harnesses: a parse either succeeds or fails with an InvalidInput
// (or NotFound) status whose message starts with the input's name; anything else traps.
#pragma once

#include <string>

#include "airgrid/base/status.h"

namespace airgrid::fuzz {

inline void CheckError(const Status& st, const std::string& name) {
  if (st.ok()) return;
  if (st.code() != Status::Code::kInvalidInput && st.code() != Status::Code::kNotFound) __builtin_trap();
  if (st.message().find(name) == std::string::npos) __builtin_trap();  // errors name the input
}

}  // namespace airgrid::fuzz

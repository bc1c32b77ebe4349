#include "airgrid/base/status.h"

namespace airgrid {

std::string Status::ToString() const {
  switch (code_) {
    case Code::kOk: return "ok";
    case Code::kInvalidInput: return "invalid input: " + message_;
    case Code::kNotFound: return "not found: " + message_;
    case Code::kIoError: return "I/O error: " + message_;
    case Code::kUnavailable: return "unavailable: " + message_;
    case Code::kInternal: return "internal error: " + message_;
  }
  return message_;
}

int Status::ExitCode() const {
  switch (code_) {
    case Code::kOk: return 0;
    case Code::kInvalidInput:
    case Code::kNotFound:
    case Code::kIoError: return 2;  // a named file cannot be read or written: the user's to fix
    default: return 1;
  }
}

}  // namespace airgrid

// Errors as values.
//
// A Status is either OK or carries a message that names the input it is about (file, line,
// field, what was expected), and a Code saying whose fault it is. Result<T> holds a T or a
// non-OK Status. The library never throws for bad input; the CLI turns a non-OK Status into a
// message on stderr and an exit code (kInvalidInput -> 2, others -> 1).
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace airgrid {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidInput,  // the user's input (file, option, formula) is wrong: exit code 2
    kNotFound,      // a file or resource does not exist: exit code 2
    kIoError,       // reading or writing failed for reasons outside the input's content
    kUnavailable,   // a sensor or library is not usable here (the message says why)
    kInternal,      // anything else
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidInput(std::string msg) { return Status(Code::kInvalidInput, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status IoError(std::string msg) { return Status(Code::kIoError, std::move(msg)); }
  static Status Unavailable(std::string msg) { return Status(Code::kUnavailable, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "invalid input: <message>" style, for logs.
  std::string ToString() const;
  // Exit code for the CLI: 0 ok, 2 input/usage problems, 1 otherwise.
  int ExitCode() const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// Aborts the process after printing `status` (value() of a Result that holds an error: a bug,
// caught in every build type, never undefined behaviour).
[[noreturn]] void DieOnErrorAccess(const Status& status);

// A value or an error. Access to value() on an error is a bug: it aborts with the error's
// message in every build type.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) { assert(!status_.ok()); }  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { CheckOk(); return *value_; }
  const T& value() const& { CheckOk(); return *value_; }
  T&& value() && { CheckOk(); return std::move(*value_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  void CheckOk() const {
    if (!ok()) [[unlikely]] DieOnErrorAccess(status_);
  }
  std::optional<T> value_;
  Status status_;
};

}  // namespace airgrid

// Propagates a non-OK Status from an expression returning Status.
#define AIRGRID_RETURN_IF_ERROR(expr)            \
  do {                                           \
    ::airgrid::Status _airgrid_st = (expr);      \
    if (!_airgrid_st.ok()) return _airgrid_st;   \
  } while (0)

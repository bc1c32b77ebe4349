// The 18 SWF fields: names (as the SWF definition spells them) and which ones may hold
// decimals. Internal to the workload module; shared by the reader, the writer and messages.
#pragma once

namespace airgrid::workload {

constexpr int kSwfFieldCount = 18;

// Name of 1-based SWF field `n` (1..18), e.g. 4 -> "run time".
const char* SwfFieldName(int n);

// Fields 6 (average CPU time), 7 (used memory) and 10 (requested memory) are real numbers.
constexpr bool SwfFieldIsDecimal(int n) { return n == 6 || n == 7 || n == 10; }

}  // namespace airgrid::workload

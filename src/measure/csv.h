// A minimal CSV reader for our small tables: comma-separated, optional double quotes around a
// field ("" inside quotes is a quote), '#' comment lines and blank lines skipped.
#pragma once

#include <string>
#include <vector>

namespace airgrid::measure {

struct CsvLine {
  int number = 0;  // 1-based line number in the text
  std::vector<std::string> fields;
};

std::vector<std::string> SplitCsvLine(const std::string& line);
// All non-blank, non-comment lines, the header included.
std::vector<CsvLine> ReadCsv(const std::string& text);
// Index of `name` in `header`, or -1.
int ColumnIndex(const std::vector<std::string>& header, const std::string& name);
// Strict number parse (whole field); false if not a finite number.
bool ParseDouble(const std::string& text, double* out);

}  // namespace airgrid::measure

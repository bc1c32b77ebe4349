// A small CSV reader (RFC 4180: comma separated, optional double quotes with "" escapes, LF or
// CRLF line ends). Blank lines are skipped. Rows must all have the header's field count; errors
// name the file, the line and what was expected.
#pragma once

#include <string>
#include <vector>

#include "airgrid/base/status.h"

namespace airgrid {

struct CsvTable {
  std::string source;                          // file name, for messages
  std::vector<std::string> header;             // empty when read without a header
  std::vector<std::vector<std::string>> rows;
  std::vector<long> line_of_row;               // 1-based source line of each row

  // Index of column `name` in the header, or InvalidInput listing the columns.
  Result<size_t> Column(const std::string& name) const;
  // Column `index` parsed as doubles; InvalidInput naming file, line and column on a bad number.
  Result<std::vector<double>> Numbers(size_t index) const;
  std::vector<std::string> Strings(size_t index) const;
};

Result<CsvTable> ParseCsv(const std::string& text, const std::string& source, bool has_header);
Result<CsvTable> ReadCsv(const std::string& path, bool has_header = true);

// Quotes a field if it contains a comma, quote or newline.
std::string CsvEscape(const std::string& field);

}  // namespace airgrid

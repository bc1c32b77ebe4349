// The one CSV reader (RFC 4180: comma separated, optional double quotes with "" escapes, quoted
// fields may span lines, LF or CRLF line ends). Blank lines are skipped. Two layers:
// - SplitCsvRecords: every record with the line it starts on; a CsvDialect adds '#' comment
//   lines and spaces trimmed around fields (the measure tables);
// - ParseCsv / ReadCsv: a table whose rows must all have the first record's field count.
// Errors name the file, the line and what was expected.
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

// One record and the 1-based line it starts on.
struct CsvRecord {
  long line = 0;
  std::vector<std::string> fields;
};

// What a table format adds to plain RFC 4180.
struct CsvDialect {
  bool comments = false;  // a line starting with '#' is skipped
  bool trim = false;      // spaces and tabs around each field are dropped
};

// Every non-blank record of `text`, the header included; InvalidInput naming source:line on an
// unterminated quoted field.
Result<std::vector<CsvRecord>> SplitCsvRecords(const std::string& text, const std::string& source,
                                               CsvDialect dialect = {});

// Index of `name` in `header`, or -1.
long CsvColumnIndex(const std::vector<std::string>& header, const std::string& name);

// The whole field (spaces around it allowed) as a finite number; false for anything else.
bool ParseCsvNumber(const std::string& field, double* out);

Result<CsvTable> ParseCsv(const std::string& text, const std::string& source, bool has_header);
Result<CsvTable> ReadCsv(const std::string& path, bool has_header = true);

// Quotes a field if it contains a comma, quote or newline.
std::string CsvEscape(const std::string& field);

}  // namespace airgrid

#pragma once
// RFC 4180 CSV parsing of an in-memory string: quoted fields, "" escapes, embedded commas and newlines, CRLF or LF
// line ends, an optional UTF-8 byte-order mark. Errors name the (1-based) line where they occur.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot {

struct CsvTable {
    std::vector<std::string> header;            ///< first record (empty when parsed without a header)
    std::vector<std::vector<std::string>> rows; ///< every other record, each with header.size() fields
    std::vector<std::size_t> row_lines;         ///< 1-based line on which each row starts

    /// Index of the named header column, or -1.
    int column(std::string_view name) const noexcept;
};

struct CsvError {
    std::size_t line = 0; ///< 1-based line of the problem
    std::string message;  ///< "line 12: unterminated quoted field" (line number included)
};

struct CsvOptions {
    char delimiter = ',';
    bool has_header = true;      ///< first record names the columns
    bool allow_ragged = false;   ///< accept records with a different number of fields than the first
};

/// Parses text. Blank lines (outside quotes) are skipped. Returns nullopt and fills *error on malformed input:
/// an unterminated quote, text after a closing quote, a record whose field count differs from the header's,
/// or no records at all when a header is expected.
std::optional<CsvTable> parse_csv(std::string_view text, CsvError* error = nullptr, const CsvOptions& options = {});

/// Quotes a field for CSV output when needed (delimiter, quote, CR or LF inside, or leading/trailing space).
std::string csv_escape(std::string_view field, char delimiter = ',');

} // namespace earshot

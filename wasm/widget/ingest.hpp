#pragma once
// Offline mode's file formats: CSV (header row) and NDJSON / JSON arrays of mentions, in and out.

#include "model.hpp"

#include <string>
#include <vector>

namespace earshot::widget {

struct IngestResult {
    std::vector<Record> records;
    int skipped = 0;          ///< rows without text or that did not parse
    std::string first_error;  ///< why the first skipped row was skipped
    std::string format;       ///< "csv", "ndjson" or "json"
};

/// Parses a dropped/pasted file. The format comes from the name's extension, else from the content. Returns false
/// (with error) when nothing at all could be read; rows without text are skipped and counted.
bool parse_mentions(const std::string& name, const std::string& text, IngestResult& out, std::string& error);

/// Splits CSV text (RFC 4180: quotes, doubled quotes, CRLF, newlines inside quotes) into rows of fields.
std::vector<std::vector<std::string>> parse_csv(const std::string& text);

std::string export_ndjson(const std::vector<Record>& records);
std::string export_csv(const std::vector<Record>& records);

} // namespace earshot::widget

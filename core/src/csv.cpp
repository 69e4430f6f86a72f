#include "earshot/csv.hpp"

namespace earshot {

int CsvTable::column(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return static_cast<int>(i);
    return -1;
}

namespace {
bool fail(CsvError* error, std::size_t line, const std::string& what) {
    if (error) {
        error->line = line;
        error->message = "line " + std::to_string(line) + ": " + what;
    }
    return false;
}
} // namespace

std::optional<CsvTable> parse_csv(std::string_view text, CsvError* error, const CsvOptions& options) {
    const char d = options.delimiter;
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    CsvTable table;
    std::vector<std::string> record;
    std::string field;
    std::size_t line = 1;
    std::size_t record_line = 1;
    std::size_t expected = 0;
    bool have_expected = false;
    bool first = true;

    auto finish_record = [&]() -> bool {
        record.push_back(std::move(field));
        field.clear();
        // A line holding nothing at all is blank, not a record with one empty field.
        if (record.size() == 1 && record[0].empty()) {
            record.clear();
            return true;
        }
        if (!have_expected) {
            expected = record.size();
            have_expected = true;
        } else if (record.size() != expected && !options.allow_ragged) {
            return fail(error, record_line,
                        "expected " + std::to_string(expected) + " fields, found " + std::to_string(record.size()));
        }
        if (first && options.has_header) {
            table.header = std::move(record);
        } else {
            table.rows.push_back(std::move(record));
            table.row_lines.push_back(record_line);
        }
        first = false;
        record.clear();
        return true;
    };

    std::size_t i = 0;
    const std::size_t n = text.size();
    bool field_started = false; // for the quote check: only a quote at the start of a field opens quoting
    while (i < n) {
        const char c = text[i];
        if (!field_started && field.empty() && c == '"') {
            // quoted field
            const std::size_t quote_line = line;
            ++i;
            bool closed = false;
            while (i < n) {
                const char q = text[i];
                if (q == '"') {
                    if (i + 1 < n && text[i + 1] == '"') {
                        field.push_back('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                if (q == '\n') ++line;
                field.push_back(q);
                ++i;
            }
            if (!closed) {
                if (error) fail(error, quote_line, "unterminated quoted field (opened here, never closed)");
                return std::nullopt;
            }
            // after the closing quote: delimiter, line end or end of input
            if (i < n && text[i] != d && text[i] != '\n' && text[i] != '\r') {
                if (error) fail(error, line, "unexpected character after a closing quote (quotes inside a field must be doubled: \"\")");
                return std::nullopt;
            }
            field_started = true;
            continue;
        }
        if (c == d) {
            record.push_back(std::move(field));
            field.clear();
            field_started = false;
            ++i;
            continue;
        }
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
            ++i;
            if (!finish_record()) return std::nullopt;
            field_started = false;
            ++line;
            record_line = line;
            continue;
        }
        if (c == '"' && !options.allow_ragged) {
            // a bare quote inside an unquoted field is tolerated by many writers; keep it literally
        }
        field.push_back(c);
        field_started = true;
        ++i;
    }
    if (field_started || !field.empty() || !record.empty()) {
        if (!finish_record()) return std::nullopt;
    }
    if (options.has_header && !have_expected) {
        if (error) fail(error, 1, "empty file: no header line");
        return std::nullopt;
    }
    return table;
}

std::string csv_escape(std::string_view field, char delimiter) {
    bool quote = !field.empty() && (field.front() == ' ' || field.back() == ' ');
    for (char c : field)
        if (c == delimiter || c == '"' || c == '\n' || c == '\r') quote = true;
    if (!quote) return std::string(field);
    std::string out = "\"";
    for (char c : field) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

} // namespace earshot

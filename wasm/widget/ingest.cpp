#include "ingest.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace earshot::widget {

using nlohmann::json;

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    std::size_t i = 0;
    if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF && static_cast<unsigned char>(text[1]) == 0xBB &&
        static_cast<unsigned char>(text[2]) == 0xBF)
        i = 3; // UTF-8 BOM
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == '"' && field.empty()) {
            quoted = true;
            any = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            if (any || !field.empty()) {
                row.push_back(std::move(field));
                rows.push_back(std::move(row));
            }
            row.clear();
            field.clear();
            any = false;
        } else {
            field += c;
            any = true;
        }
    }
    if (any || !field.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    return rows;
}

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(const std::string& s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

int column(const std::vector<std::string>& header, std::initializer_list<const char*> names) {
    for (const char* n : names)
        for (std::size_t i = 0; i < header.size(); ++i)
            if (header[i] == n) return static_cast<int>(i);
    return -1;
}

bool parse_csv_mentions(const std::string& text, IngestResult& out, std::string& error) {
    auto rows = parse_csv(text);
    if (rows.empty()) {
        error = "the CSV file is empty";
        return false;
    }
    std::vector<std::string> header;
    for (const auto& h : rows[0]) header.push_back(lower(trim(h)));
    const int c_text = column(header, {"text", "message", "body", "content", "mention", "tweet", "review", "instruction", "utterance"});
    if (c_text < 0) {
        error = "the CSV header has no text column (expected one of: text, message, body, content)";
        return false;
    }
    const int c_id = column(header, {"id", "mention_id", "tweet_id"});
    const int c_author = column(header, {"author", "handle", "user", "username", "screen_name"});
    const int c_name = column(header, {"name", "author_name", "display_name"});
    const int c_followers = column(header, {"followers", "followers_count", "reach"});
    const int c_created = column(header, {"created_at", "date", "time", "timestamp"});
    const int c_platform = column(header, {"platform", "source", "channel"});
    const int c_label = column(header, {"label", "category", "intent"});
    out.format = "csv";
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto& row = rows[r];
        auto get = [&](int c) { return c >= 0 && c < static_cast<int>(row.size()) ? row[c] : std::string(); };
        Record rec;
        rec.mention.text = get(c_text);
        if (trim(rec.mention.text).empty()) {
            if (out.first_error.empty()) out.first_error = "row " + std::to_string(r + 1) + " has no text";
            ++out.skipped;
            continue;
        }
        rec.mention.id = get(c_id);
        rec.mention.author.handle = get(c_author);
        rec.mention.author.name = get(c_name);
        try {
            const auto f = trim(get(c_followers));
            if (!f.empty()) rec.mention.author.followers = std::stoll(f);
        } catch (...) {
        }
        rec.mention.created_at = get(c_created);
        std::int64_t ms = 0;
        if (parse_iso8601(rec.mention.created_at, ms)) rec.mention.created_at_ms = ms;
        if (c_platform >= 0 && !get(c_platform).empty()) rec.mention.platform = get(c_platform);
        rec.label = trim(get(c_label));
        out.records.push_back(std::move(rec));
    }
    return true;
}

bool parse_json_mentions(const std::string& text, IngestResult& out, std::string& error) {
    std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && text[first] == '[') {
        json arr = json::parse(text, nullptr, false);
        if (arr.is_discarded() || !arr.is_array()) {
            error = "the file starts with '[' but is not a JSON array";
            return false;
        }
        out.format = "json";
        for (const auto& item : arr) {
            Record r;
            std::string e;
            if (record_from_json(item, r, e)) out.records.push_back(std::move(r));
            else {
                if (out.first_error.empty()) out.first_error = e;
                ++out.skipped;
            }
        }
        return true;
    }
    out.format = "ndjson";
    std::istringstream in(text);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (trim(line).empty()) continue;
        json j = json::parse(line, nullptr, false);
        Record r;
        std::string e;
        if (j.is_discarded()) e = "line " + std::to_string(n) + " is not valid JSON";
        else if (record_from_json(j, r, e)) {
            out.records.push_back(std::move(r));
            continue;
        } else e = "line " + std::to_string(n) + ": " + e;
        if (out.first_error.empty()) out.first_error = e;
        ++out.skipped;
    }
    return true;
}

bool ends_with(const std::string& s, const char* suffix) {
    const std::string x = suffix;
    return s.size() >= x.size() && lower(s.substr(s.size() - x.size())) == x;
}

} // namespace

bool parse_mentions(const std::string& name, const std::string& text, IngestResult& out, std::string& error) {
    IngestResult result;
    bool ok;
    if (ends_with(name, ".csv")) ok = parse_csv_mentions(text, result, error);
    else if (ends_with(name, ".ndjson") || ends_with(name, ".jsonl") || ends_with(name, ".json"))
        ok = parse_json_mentions(text, result, error);
    else {
        const auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
        ok = first != std::string::npos && (text[first] == '{' || text[first] == '[')
                 ? parse_json_mentions(text, result, error)
                 : parse_csv_mentions(text, result, error);
    }
    if (!ok) return false;
    if (result.records.empty()) {
        error = "no mentions found" + (result.first_error.empty() ? std::string() : " (" + result.first_error + ")");
        return false;
    }
    out = std::move(result);
    return true;
}

std::string export_ndjson(const std::vector<Record>& records) {
    std::string out;
    for (const auto& r : records) {
        out += record_to_json(r).dump(-1, ' ', false, json::error_handler_t::replace);
        out += '\n';
    }
    return out;
}

namespace {
std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + '"';
}
} // namespace

std::string export_csv(const std::vector<Record>& records) {
    std::string out = "id,platform,author,created_at,text,label,category,confidence,sentiment,urgency,tier,team,"
                      "respond_within_minutes,status,assignee\n";
    char buf[64];
    for (const auto& r : records) {
        const auto& t = r.triage;
        out += csv_field(r.mention.id) + ',' + csv_field(r.mention.platform) + ',' + csv_field(r.mention.author.handle) + ',' +
               csv_field(r.mention.created_at) + ',' + csv_field(r.mention.text) + ',' + csv_field(r.label) + ',' +
               csv_field(t.category_label) + ',';
        std::snprintf(buf, sizeof buf, "%.4f", t.category_confidence);
        out += std::string(t.present ? buf : "") + ',' + csv_field(t.present ? t.sentiment : "") + ',';
        std::snprintf(buf, sizeof buf, "%.4f", t.urgency);
        out += std::string(t.present ? buf : "") + ',' + csv_field(t.tier) + ',' + csv_field(t.team) + ',' +
               (t.present ? std::to_string(t.respond_within_minutes) : "") + ',' + csv_field(r.status) + ',' +
               csv_field(r.assignee) + '\n';
    }
    return out;
}

} // namespace earshot::widget

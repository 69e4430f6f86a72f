#include "records.hpp"

namespace earshot::server {

std::string author_key(const Mention& m) {
    if (m.author.handle.empty()) return "";
    std::string h = m.author.handle;
    for (auto& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!h.empty() && h[0] != '@') h = "@" + h;
    return m.platform + ":" + h;
}

RecordText record_text(const json& mention, const json& drafts, std::int64_t received_ms) {
    RecordText t;
    t.event_head = dump(mention);
    t.event_head.pop_back(); // '}' (the object has at least "id")
    t.event_head += R"(,"status":"open","assignee":"","notes":[],"replies":[],"commitments":[],"received_at":")";
    t.event_head += iso_ms(received_ms);
    t.event_head += '"';
    const std::string d = drafts.is_null() ? std::string("[]") : dump(drafts);
    t.full_head.reserve(t.event_head.size() + d.size() + 12);
    t.full_head = t.event_head;
    t.full_head += ",\"drafts\":";
    t.full_head += d;
    return t;
}

namespace {
std::string str_at(const json& j, const json::json_pointer& p) {
    if (!j.contains(p)) return "";
    const auto& v = j.at(p);
    return v.is_string() ? v.get<std::string>() : "";
}
} // namespace

void index_from_record(const json& r, MentionRow& row) {
    row.status = r.value("status", "open");
    row.assignee = r.value("assignee", "");
    row.category = str_at(r, "/triage/category/id"_json_pointer);
    row.sentiment = str_at(r, "/triage/sentiment/label"_json_pointer);
    row.tier = str_at(r, "/triage/tier"_json_pointer);
    row.team = str_at(r, "/triage/team"_json_pointer);
    const auto cp = "/triage/complaint"_json_pointer;
    row.complaint = r.contains(cp) && r.at(cp).is_boolean() && r.at(cp).get<bool>();
    const auto up = "/triage/urgency/score"_json_pointer;
    row.urgency = r.contains(up) && r.at(up).is_number() ? r.at(up).get<int>() : 0;
}

std::string event_message(std::int64_t seq, const std::string& name, const std::string& data_text) {
    std::string s;
    s.reserve(data_text.size() + 64 + name.size());
    s += "{\"type\":\"event\",\"seq\":";
    s += std::to_string(seq);
    s += ",\"event\":\"";
    s += name;
    s += "\",\"data\":";
    s += data_text;
    s += "}";
    return s;
}

} // namespace earshot::server

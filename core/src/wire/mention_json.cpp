#include "earshot/wire/mention_json.hpp"

namespace earshot::wire {
namespace {

bool read_string(const nlohmann::json& j, const char* key, const std::string& path, std::string& out,
                 std::string& error) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return true;
    if (!it->is_string()) {
        error = path + key + ": must be a string, got " + std::string(it->type_name());
        return false;
    }
    out = it->get<std::string>();
    return true;
}

} // namespace

bool mention_from_json(const nlohmann::json& j, Mention& out, std::string& error) {
    if (!j.is_object()) {
        error = std::string("mention: must be a JSON object, got ") + j.type_name();
        return false;
    }
    Mention m;
    auto text = j.find("text");
    if (text == j.end() || text->is_null()) {
        error = "text: required string is missing";
        return false;
    }
    if (!text->is_string()) {
        error = std::string("text: must be a string, got ") + text->type_name();
        return false;
    }
    m.text = text->get<std::string>();
    // id may be given as a number by some feeds; accept integers and keep them as text.
    if (auto id = j.find("id"); id != j.end() && !id->is_null()) {
        if (id->is_string()) m.id = id->get<std::string>();
        else if (id->is_number_integer()) m.id = std::to_string(id->get<std::int64_t>());
        else {
            error = std::string("id: must be a string or an integer, got ") + id->type_name();
            return false;
        }
    }
    if (!read_string(j, "platform", "", m.platform, error) || !read_string(j, "created_at", "", m.created_at, error) ||
        !read_string(j, "url", "", m.url, error) || !read_string(j, "in_reply_to", "", m.in_reply_to, error) ||
        !read_string(j, "lang", "", m.lang, error))
        return false;
    if (m.platform.empty()) m.platform = "x";
    if (!m.created_at.empty() && !parse_iso8601(m.created_at, m.created_at_ms)) {
        error = "created_at: '" + m.created_at + "' is not an ISO 8601 timestamp (e.g. 2026-11-24T18:40:00Z)";
        return false;
    }
    if (auto a = j.find("author"); a != j.end() && !a->is_null()) {
        if (!a->is_object()) {
            error = std::string("author: must be an object, got ") + a->type_name();
            return false;
        }
        if (!read_string(*a, "handle", "author.", m.author.handle, error) ||
            !read_string(*a, "name", "author.", m.author.name, error))
            return false;
        if (auto f = a->find("followers"); f != a->end() && !f->is_null()) {
            if (f->is_number_unsigned() || (f->is_number_integer() && f->get<std::int64_t>() >= 0)) {
                m.author.followers = f->get<std::int64_t>();
            } else if (f->is_number_float() && f->get<double>() >= 0 && f->get<double>() < 9e15 &&
                       f->get<double>() == static_cast<double>(static_cast<std::int64_t>(f->get<double>()))) {
                m.author.followers = static_cast<std::int64_t>(f->get<double>());
            } else {
                error = "author.followers: must be a non-negative integer";
                return false;
            }
        }
    }
    out = std::move(m);
    return true;
}

nlohmann::json mention_to_json(const Mention& m) {
    nlohmann::json j = nlohmann::json::object();
    if (!m.id.empty()) j["id"] = m.id;
    j["platform"] = m.platform;
    if (!m.author.handle.empty() || !m.author.name.empty() || m.author.followers != 0) {
        nlohmann::json a = nlohmann::json::object();
        if (!m.author.handle.empty()) a["handle"] = m.author.handle;
        if (!m.author.name.empty()) a["name"] = m.author.name;
        a["followers"] = m.author.followers;
        j["author"] = std::move(a);
    }
    j["text"] = m.text;
    if (!m.created_at.empty()) j["created_at"] = m.created_at;
    if (!m.url.empty()) j["url"] = m.url;
    if (!m.in_reply_to.empty()) j["in_reply_to"] = m.in_reply_to;
    if (!m.lang.empty()) j["lang"] = m.lang;
    return j;
}

} // namespace earshot::wire

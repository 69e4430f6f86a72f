// The real core behind the Analyzer interface.

#include "analyzer.hpp"

#include "earshot/version.hpp"


namespace earshot::server {
namespace {

// TEMPORARY until the triage area lands on main (mention_from_json, Triager): reads the mention fields only.
class CoreAnalyzer final : public Analyzer {
public:
    bool parse_mention(const nlohmann::json& j, Mention& out, std::string& error) const override {
        if (!j.is_object()) {
            error = "a mention must be a JSON object";
            return false;
        }
        if (!j.contains("text") || !j["text"].is_string()) {
            error = "text: required string is missing";
            return false;
        }
        Mention m;
        m.text = j["text"];
        if (j.contains("id") && j["id"].is_string()) m.id = j["id"];
        if (j.contains("platform") && j["platform"].is_string()) m.platform = j["platform"];
        if (j.contains("author") && j["author"].is_object()) {
            const auto& a = j["author"];
            if (a.contains("handle") && a["handle"].is_string()) m.author.handle = a["handle"];
        }
        out = m;
        return true;
    }
    nlohmann::json mention_to_json(const Mention& m) const override {
        return {{"id", m.id}, {"platform", m.platform}, {"author", {{"handle", m.author.handle}}}, {"text", m.text}};
    }
    Analysis analyze(const Mention&, int, std::int64_t) const override { return {}; }
    ReplyCheck check_reply(const nlohmann::json&, const std::string&, std::int64_t) const override { return {}; }
    std::string category_label(const std::string& id) const override { return id; }
    std::string describe() const override { return std::string("earshot ") + kVersion; }
};

} // namespace

std::unique_ptr<Analyzer> make_core_analyzer() { return std::make_unique<CoreAnalyzer>(); }

} // namespace earshot::server

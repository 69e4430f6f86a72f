#include "earshot/wire/drafting_json.hpp"

#include "earshot/mention.hpp"
#include "earshot/utf8.hpp"

namespace earshot::wire {

using nlohmann::json;

namespace {
std::string clean(std::string_view s) { return utf8::sanitize(s); }
} // namespace

json lint_report_to_json(const LintReport& report) {
    json findings = json::array();
    for (const auto& f : report.findings)
        findings.push_back({{"rule", f.rule},
                            {"begin", f.begin},
                            {"end", f.end},
                            {"text", clean(f.text)},
                            {"why", clean(f.why)},
                            {"fix", clean(f.fix)},
                            {"replacement", f.has_replacement ? json(clean(f.replacement)) : json(nullptr)}});
    return {{"score", report.score},
            {"passed", report.passed()},
            {"length", report.length},
            {"limit", report.limit},
            {"findings", std::move(findings)}};
}

json drafts_to_json(const std::vector<Draft>& drafts) {
    json out = json::array();
    for (const auto& d : drafts) {
        json lint = lint_report_to_json(d.lint);
        out.push_back({{"rank", d.rank},
                       {"kind", d.kind},
                       {"public", clean(d.public_reply)},
                       {"private", d.private_reply.empty() ? json(nullptr) : json(clean(d.private_reply))},
                       {"channel", d.channel},
                       {"lint_score", d.lint.score},
                       {"length", d.lint.length},
                       {"limit", d.lint.limit},
                       {"findings", std::move(lint["findings"])}});
    }
    return out;
}

json commitments_to_json(const std::vector<Commitment>& commitments) {
    json out = json::array();
    for (const auto& c : commitments)
        out.push_back({{"text", clean(c.text)},
                       {"begin", c.begin},
                       {"end", c.end},
                       {"kind", c.kind},
                       {"who", clean(c.who)},
                       {"due_at", c.has_due ? json(format_iso8601(c.due_at_ms)) : json(nullptr)},
                       {"due_at_ms", c.has_due ? json(c.due_at_ms) : json(nullptr)},
                       {"due_text", clean(c.due_text)}});
    return out;
}

json pii_to_json(std::string_view text, const std::vector<PiiSpan>& spans) {
    json arr = json::array();
    for (const auto& s : spans)
        arr.push_back({{"kind", to_string(s.kind)},
                       {"begin", s.begin},
                       {"end", s.end},
                       {"text", clean(s.text)},
                       {"label", redaction_label(s.kind)}});
    return {{"redacted", clean(redact(text, spans))}, {"spans", std::move(arr)}};
}

json reply_context_to_json(const ReplyContext& c) {
    json entities = json::array();
    for (const auto& e : c.entities) entities.push_back({{"type", e.type}, {"text", clean(e.text)}, {"value", clean(e.value)}});
    return {{"platform", c.platform},
            {"mention_text", clean(c.mention_text)},
            {"customer_handle", clean(c.customer_handle)},
            {"customer_name", clean(c.customer_name)},
            {"mention_id", clean(c.mention_id)},
            {"complaint", c.complaint},
            {"sentiment", c.sentiment},
            {"category_id", c.category_id},
            {"category_label", clean(c.category_label)},
            {"category_keywords", c.category_keywords},
            {"entities", std::move(entities)},
            {"signals", c.signals},
            {"team", clean(c.team)},
            {"respond_within_minutes", c.respond_within_minutes},
            {"help_article", clean(c.help_article)},
            {"brand", clean(c.brand)},
            {"needs_reply", c.needs_reply}};
}

void reply_context_from_json(const json& j, ReplyContext& ctx, std::vector<std::string>& errors) {
    if (!j.is_object()) {
        errors.emplace_back("context: must be an object");
        return;
    }
    const std::size_t before = errors.size();
    ReplyContext c = ctx;
    auto str = [&](const char* key, std::string& out) {
        if (auto it = j.find(key); it != j.end() && !it->is_null()) {
            if (it->is_string()) out = it->get<std::string>();
            else errors.push_back(std::string("context.") + key + ": must be a string");
        }
    };
    auto strs = [&](const char* key, std::vector<std::string>& out) {
        if (auto it = j.find(key); it != j.end() && !it->is_null()) {
            if (!it->is_array()) {
                errors.push_back(std::string("context.") + key + ": must be an array of strings");
                return;
            }
            std::vector<std::string> v;
            for (const auto& x : *it) {
                if (!x.is_string()) {
                    errors.push_back(std::string("context.") + key + ": must be an array of strings");
                    return;
                }
                v.push_back(x.get<std::string>());
            }
            out = std::move(v);
        }
    };
    str("platform", c.platform);
    str("mention_text", c.mention_text);
    str("customer_handle", c.customer_handle);
    str("customer_name", c.customer_name);
    str("mention_id", c.mention_id);
    str("category_id", c.category_id);
    str("category_label", c.category_label);
    str("team", c.team);
    str("help_article", c.help_article);
    str("brand", c.brand);
    strs("category_keywords", c.category_keywords);
    strs("signals", c.signals);
    if (auto it = j.find("complaint"); it != j.end() && !it->is_null()) {
        if (it->is_boolean()) c.complaint = it->get<bool>();
        else errors.emplace_back("context.complaint: must be true or false");
    }
    if (auto it = j.find("needs_reply"); it != j.end() && !it->is_null()) {
        if (it->is_boolean()) c.needs_reply = it->get<bool>();
        else errors.emplace_back("context.needs_reply: must be true or false");
    }
    if (auto it = j.find("sentiment"); it != j.end() && !it->is_null()) {
        if (it->is_number() && it->get<double>() >= -1 && it->get<double>() <= 1) c.sentiment = it->get<double>();
        else errors.emplace_back("context.sentiment: must be a number from -1 to 1");
    }
    if (auto it = j.find("respond_within_minutes"); it != j.end() && !it->is_null()) {
        if (it->is_number_integer() && it->get<long long>() >= 0 && it->get<long long>() <= 60LL * 24 * 365)
            c.respond_within_minutes = it->get<int>();
        else errors.emplace_back("context.respond_within_minutes: must be a non-negative integer");
    }
    if (auto it = j.find("entities"); it != j.end() && !it->is_null()) {
        if (!it->is_array()) errors.emplace_back("context.entities: must be an array");
        else {
            c.entities.clear();
            for (const auto& e : *it) {
                if (!e.is_object() || !e.contains("type") || !e["type"].is_string() || !e.contains("text") ||
                    !e["text"].is_string()) {
                    errors.emplace_back("context.entities: each needs string \"type\" and \"text\"");
                    break;
                }
                ReplyEntity re{e["type"].get<std::string>(), e["text"].get<std::string>(), ""};
                if (e.contains("value") && e["value"].is_string()) re.value = e["value"].get<std::string>();
                c.entities.push_back(std::move(re));
            }
        }
    }
    if (errors.size() == before) ctx = std::move(c);
}

} // namespace earshot::wire

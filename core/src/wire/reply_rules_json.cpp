#include "earshot/wire/reply_rules_json.hpp"

#include <algorithm>

namespace earshot::wire {

namespace {

using nlohmann::json;

// A phrase list: an array replaces the default; {"add":[...], "remove":[...]} edits it.
void read_list(const json& j, const char* key, const std::string& path, std::vector<std::string>& list,
               std::vector<std::string>& errors) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return;
    const std::string where = path + "." + key;
    auto strings = [&](const json& arr, const std::string& w, std::vector<std::string>& out) {
        if (!arr.is_array()) {
            errors.push_back(w + ": must be an array of strings");
            return false;
        }
        for (std::size_t i = 0; i < arr.size(); ++i) {
            if (!arr[i].is_string() || arr[i].get<std::string>().empty()) {
                errors.push_back(w + "[" + std::to_string(i) + "]: must be a non-empty string");
                return false;
            }
            out.push_back(arr[i].get<std::string>());
        }
        return true;
    };
    if (it->is_array()) {
        std::vector<std::string> v;
        if (strings(*it, where, v)) list = std::move(v);
        return;
    }
    if (it->is_object()) {
        std::vector<std::string> add, remove;
        for (auto& [k, v] : it->items())
            if (k != "add" && k != "remove") errors.push_back(where + "." + k + ": unknown key (use add / remove)");
        bool ok = true;
        if (auto a = it->find("add"); a != it->end()) ok = strings(*a, where + ".add", add) && ok;
        if (auto r = it->find("remove"); r != it->end()) ok = strings(*r, where + ".remove", remove) && ok;
        if (!ok) return;
        std::vector<std::string> out;
        for (const auto& s : list) {
            auto body = s.substr(0, s.find("=>"));
            while (!body.empty() && body.back() == ' ') body.pop_back();
            bool drop = std::any_of(remove.begin(), remove.end(), [&](const std::string& r) { return r == s || r == body; });
            if (!drop) out.push_back(s);
        }
        for (auto& a : add)
            if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
        list = std::move(out);
        return;
    }
    errors.push_back(where + ": must be an array of strings or {\"add\":[...],\"remove\":[...]}");
}

void read_int(const json& j, const char* key, const std::string& path, int& out, int min, int max,
              std::vector<std::string>& errors) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return;
    if (!it->is_number_integer() || it->get<long long>() < min || it->get<long long>() > max) {
        errors.push_back(path + "." + key + ": must be an integer from " + std::to_string(min) + " to " +
                         std::to_string(max));
        return;
    }
    out = it->get<int>();
}

void read_bool(const json& j, const char* key, const std::string& path, bool& out, std::vector<std::string>& errors) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return;
    if (!it->is_boolean()) {
        errors.push_back(path + "." + key + ": must be true or false");
        return;
    }
    out = it->get<bool>();
}

void read_string(const json& j, const char* key, const std::string& path, std::string& out,
                 std::vector<std::string>& errors) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return;
    if (!it->is_string()) {
        errors.push_back(path + "." + key + ": must be a string");
        return;
    }
    out = it->get<std::string>();
}

// {"x": 280, ...} merged over the defaults.
void read_int_map(const json& j, const char* key, const std::string& path, std::map<std::string, int>& out, int min,
                  std::vector<std::string>& errors) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return;
    if (!it->is_object()) {
        errors.push_back(path + "." + key + ": must be an object of integers");
        return;
    }
    std::map<std::string, int> m = out;
    for (auto& [k, v] : it->items()) {
        if (!v.is_number_integer() || v.get<long long>() < min || v.get<long long>() > 1000000) {
            errors.push_back(path + "." + key + "." + k + ": must be an integer of at least " + std::to_string(min));
            return;
        }
        m[k] = v.get<int>();
    }
    out = std::move(m);
}

void read_string_map(const json& j, const char* key, const std::string& path, std::map<std::string, std::string>& out,
                     std::vector<std::string>& errors) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return;
    if (!it->is_object()) {
        errors.push_back(path + "." + key + ": must be an object of strings");
        return;
    }
    std::map<std::string, std::string> m = out;
    for (auto& [k, v] : it->items()) {
        if (!v.is_string()) {
            errors.push_back(path + "." + key + "." + k + ": must be a string");
            return;
        }
        m[k] = v.get<std::string>();
    }
    out = std::move(m);
}

const char* const kKnownKeys[] = {
    "signature", "require_signature", "tone", "no_problem", "robotic", "blame", "non_apology", "apology", "empathy",
    "thanks", "redirect", "redirect_reason", "next_step", "vague_time", "compensation", "approved_compensation",
    "compensation_exceptions", "condescending", "request_cue", "data_request", "sensitive_request",
    "max_requested_items", "limits", "default_limit", "url_length", "weighted_platforms", "private_platforms",
    "private_channel", "default_follow_up_minutes", "weights", "disabled_rules", "categories", "no_reply_categories",
    "pii"};

} // namespace

void reply_rules_from_json(const json& j, ReplyRules& rules, std::vector<std::string>& errors) {
    if (j.is_null()) return;
    if (!j.is_object()) {
        errors.emplace_back("reply: must be an object");
        return;
    }
    const std::string p = "reply";
    const std::size_t errors_before = errors.size();
    ReplyRules r = rules; // all or nothing: rules change only when the whole object is valid
    for (auto item = j.begin(); item != j.end(); ++item) {
        const std::string k = item.key();
        if (std::none_of(std::begin(kKnownKeys), std::end(kKnownKeys), [&](const char* known) { return k == known; }))
            errors.push_back(p + "." + k + ": unknown key");
    }
    read_string(j, "signature", p, r.signature, errors);
    read_bool(j, "require_signature", p, r.require_signature, errors);
    read_string(j, "tone", p, r.tone, errors);
    if (r.tone != "friendly" && r.tone != "formal") errors.push_back(p + ".tone: must be \"friendly\" or \"formal\"");
    read_list(j, "no_problem", p, r.no_problem, errors);
    read_list(j, "robotic", p, r.robotic, errors);
    read_list(j, "blame", p, r.blame, errors);
    read_list(j, "non_apology", p, r.non_apology, errors);
    read_list(j, "apology", p, r.apology, errors);
    read_list(j, "empathy", p, r.empathy, errors);
    read_list(j, "thanks", p, r.thanks, errors);
    read_list(j, "redirect", p, r.redirect, errors);
    read_list(j, "redirect_reason", p, r.redirect_reason, errors);
    read_list(j, "next_step", p, r.next_step, errors);
    read_list(j, "vague_time", p, r.vague_time, errors);
    read_list(j, "compensation", p, r.compensation, errors);
    read_list(j, "approved_compensation", p, r.approved_compensation, errors);
    read_list(j, "compensation_exceptions", p, r.compensation_exceptions, errors);
    read_list(j, "condescending", p, r.condescending, errors);
    read_list(j, "request_cue", p, r.request_cue, errors);
    read_list(j, "data_request", p, r.data_request, errors);
    read_list(j, "sensitive_request", p, r.sensitive_request, errors);
    read_int(j, "max_requested_items", p, r.max_requested_items, 0, 100, errors);
    read_int_map(j, "limits", p, r.limits, 1, errors);
    read_int(j, "default_limit", p, r.default_limit, 1, 1000000, errors);
    read_int(j, "url_length", p, r.url_length, 1, 1000, errors);
    read_list(j, "weighted_platforms", p, r.weighted_platforms, errors);
    read_list(j, "private_platforms", p, r.private_platforms, errors);
    read_string_map(j, "private_channel", p, r.private_channel, errors);
    read_int(j, "default_follow_up_minutes", p, r.default_follow_up_minutes, 1, 60 * 24 * 365, errors);
    read_int_map(j, "weights", p, r.weights, 0, errors);
    for (const auto& [rule, w] : r.weights) {
        (void)w;
        if (default_rule_weight(rule) == 0) errors.push_back(p + ".weights." + rule + ": unknown rule");
    }
    read_list(j, "disabled_rules", p, r.disabled_rules, errors);
    for (const auto& rule : r.disabled_rules)
        if (default_rule_weight(rule) == 0) errors.push_back(p + ".disabled_rules: unknown rule '" + rule + "'");
    read_list(j, "no_reply_categories", p, r.no_reply_categories, errors);

    if (auto it = j.find("categories"); it != j.end() && !it->is_null()) {
        if (!it->is_array()) {
            errors.push_back(p + ".categories: must be an array");
        } else {
            for (std::size_t i = 0; i < it->size(); ++i) {
                const json& c = (*it)[i];
                const std::string cp = p + ".categories[" + std::to_string(i) + "]";
                if (!c.is_object() || !c.contains("id") || !c["id"].is_string() || c["id"].get<std::string>().empty()) {
                    errors.push_back(cp + ": must be an object with a non-empty \"id\"");
                    continue;
                }
                // a category given here replaces the default wording for that id
                CategoryWording w;
                w.id = c["id"].get<std::string>();
                if (const auto* def = find_category_wording(r, w.id)) w = *def;
                read_list(c, "problem", cp, w.problem, errors);
                read_list(c, "action", cp, w.action, errors);
                read_string(c, "detail", cp, w.detail, errors);
                read_string(c, "detail_entity", cp, w.detail_entity, errors);
                for (auto& [k, v] : c.items()) {
                    (void)v;
                    if (k != "id" && k != "problem" && k != "action" && k != "detail" && k != "detail_entity")
                        errors.push_back(cp + "." + k + ": unknown key");
                }
                auto pos = std::find_if(r.categories.begin(), r.categories.end(),
                                        [&](const CategoryWording& x) { return x.id == w.id; });
                if (pos != r.categories.end()) *pos = std::move(w);
                else r.categories.push_back(std::move(w));
            }
        }
    }

    if (auto it = j.find("pii"); it != j.end() && !it->is_null()) {
        const std::string pp = p + ".pii";
        if (!it->is_object()) {
            errors.push_back(pp + ": must be an object");
        } else {
            const json& q = *it;
            for (auto item = q.begin(); item != q.end(); ++item) {
                const std::string k = item.key();
                static const char* const known[] = {"account_keywords", "order_keywords", "booking_keywords",
                                                    "account_patterns", "order_patterns", "phone_keywords",
                                                    "card_keywords",    "min_id_digits",  "long_number_digits",
                                                    "addresses"};
                if (std::none_of(std::begin(known), std::end(known), [&](const char* x) { return k == x; }))
                    errors.push_back(pp + "." + k + ": unknown key");
            }
            read_list(q, "account_keywords", pp, r.pii.account_keywords, errors);
            read_list(q, "order_keywords", pp, r.pii.order_keywords, errors);
            read_list(q, "booking_keywords", pp, r.pii.booking_keywords, errors);
            read_list(q, "account_patterns", pp, r.pii.account_patterns, errors);
            read_list(q, "order_patterns", pp, r.pii.order_patterns, errors);
            read_list(q, "phone_keywords", pp, r.pii.phone_keywords, errors);
            read_list(q, "card_keywords", pp, r.pii.card_keywords, errors);
            read_int(q, "min_id_digits", pp, r.pii.min_id_digits, 3, 30, errors);
            read_int(q, "long_number_digits", pp, r.pii.long_number_digits, 5, 40, errors);
            read_bool(q, "addresses", pp, r.pii.addresses, errors);
        }
    }
    if (errors.size() == errors_before) rules = std::move(r);
}

json reply_rules_to_json(const ReplyRules& r) {
    json cats = json::array();
    for (const auto& c : r.categories)
        cats.push_back({{"id", c.id},
                        {"problem", c.problem},
                        {"action", c.action},
                        {"detail", c.detail},
                        {"detail_entity", c.detail_entity}});
    return {{"signature", r.signature},
            {"require_signature", r.require_signature},
            {"tone", r.tone},
            {"no_problem", r.no_problem},
            {"robotic", r.robotic},
            {"blame", r.blame},
            {"non_apology", r.non_apology},
            {"apology", r.apology},
            {"empathy", r.empathy},
            {"thanks", r.thanks},
            {"redirect", r.redirect},
            {"redirect_reason", r.redirect_reason},
            {"next_step", r.next_step},
            {"vague_time", r.vague_time},
            {"compensation", r.compensation},
            {"approved_compensation", r.approved_compensation},
            {"compensation_exceptions", r.compensation_exceptions},
            {"condescending", r.condescending},
            {"request_cue", r.request_cue},
            {"data_request", r.data_request},
            {"sensitive_request", r.sensitive_request},
            {"max_requested_items", r.max_requested_items},
            {"limits", r.limits},
            {"default_limit", r.default_limit},
            {"url_length", r.url_length},
            {"weighted_platforms", r.weighted_platforms},
            {"private_platforms", r.private_platforms},
            {"private_channel", r.private_channel},
            {"default_follow_up_minutes", r.default_follow_up_minutes},
            {"weights", r.weights},
            {"disabled_rules", r.disabled_rules},
            {"categories", std::move(cats)},
            {"no_reply_categories", r.no_reply_categories},
            {"pii",
             {{"account_keywords", r.pii.account_keywords},
              {"order_keywords", r.pii.order_keywords},
              {"booking_keywords", r.pii.booking_keywords},
              {"account_patterns", r.pii.account_patterns},
              {"order_patterns", r.pii.order_patterns},
              {"phone_keywords", r.pii.phone_keywords},
              {"card_keywords", r.pii.card_keywords},
              {"min_id_digits", r.pii.min_id_digits},
              {"long_number_digits", r.pii.long_number_digits},
              {"addresses", r.pii.addresses}}}};
}

} // namespace earshot::wire

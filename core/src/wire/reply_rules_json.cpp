#include "earshot/wire/reply_rules_json.hpp"

namespace earshot::wire {

void reply_rules_from_json(const nlohmann::json& j, ReplyRules& rules, std::vector<std::string>& errors) {
    if (j.is_null()) return;
    if (!j.is_object()) {
        errors.emplace_back("reply: must be an object");
        return;
    }
    if (auto it = j.find("signature"); it != j.end()) {
        if (it->is_string()) rules.signature = it->get<std::string>();
        else errors.emplace_back("reply.signature: must be a string");
    }
}

nlohmann::json reply_rules_to_json(const ReplyRules& rules) { return {{"signature", rules.signature}}; }

} // namespace earshot::wire

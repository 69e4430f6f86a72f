#pragma once

#include "earshot/reply_rules.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace earshot::wire {

/// Reads the playbook's "reply" object into rules. Problems are appended to errors as readable messages
/// ("reply.max_length.x: must be a positive integer"); fields that are absent keep their defaults.
void reply_rules_from_json(const nlohmann::json& j, ReplyRules& rules, std::vector<std::string>& errors);

nlohmann::json reply_rules_to_json(const ReplyRules& rules);

} // namespace earshot::wire

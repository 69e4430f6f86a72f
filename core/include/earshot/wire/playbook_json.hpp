#pragma once
// JSON form of a Playbook (see core/playbooks/default.json for a complete example). The "reply" object is read by
// wire::reply_rules_from_json (drafting area).

#include "earshot/playbook.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace earshot::wire {

/// Reads and validates a playbook. On any problem returns false with every problem found in errors, each naming
/// the field ("categories[3].tier: must be one of easy, medium, hard"), and leaves out untouched. Unknown fields are
/// ignored; absent optional fields keep their defaults.
bool playbook_from_json(const nlohmann::json& j, Playbook& out, std::vector<std::string>& errors);

/// Same, from JSON text (syntax errors are reported with their byte position).
bool playbook_from_text(std::string_view text, Playbook& out, std::vector<std::string>& errors);

nlohmann::json playbook_to_json(const Playbook& pb);

/// A shipped playbook ("default", "airline"); throws std::invalid_argument for an unknown name.
Playbook builtin_playbook(std::string_view name);

} // namespace earshot::wire

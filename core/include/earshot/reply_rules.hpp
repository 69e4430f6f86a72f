#pragma once
// Reply rules: the playbook section ("reply") that drafting and the reply linter use.
// Owned by the drafting area; the playbook (playbook.hpp) holds one ReplyRules and its parser delegates the
// "reply" object to wire::reply_rules_from_json (core/include/earshot/wire/reply_rules_json.hpp).

#include <string>
#include <vector>

namespace earshot {

struct ReplyRules {
    /// Placeholder until the drafting area defines the full rule set (phrase lists, limits, signature, ...).
    std::string signature = "^AG";
};

} // namespace earshot

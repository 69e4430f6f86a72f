// Bridges the widget to the earshot core. Areas not yet in the core report themselves unavailable, and the views
// say so instead of pretending.

#include "engine.hpp"

namespace earshot::widget {

Engine::Engine() = default;

bool Engine::can_classify() const { return false; }
bool Engine::can_draft() const { return false; }
bool Engine::can_lint() const { return false; }
bool Engine::can_detect_pii() const { return false; }
bool Engine::can_train() const { return false; }

Triage Engine::classify(const Mention&, std::int64_t) const { return {}; }
std::vector<Draft> Engine::draft(const Record&) const { return {}; }
LintReport Engine::lint(const std::string&, const Record&) const { return {}; }
std::vector<Entity> Engine::detect_pii(const std::string&) const { return {}; }
HelpAnswer Engine::help_for(const Triage&) const { return {}; }

bool Engine::train(const std::vector<const Record*>&, std::string&, std::string& error) {
    error = "this build has no category trainer";
    return false;
}

bool Engine::load_playbook(const std::string&, std::string& error) {
    error = "this build has no playbook support";
    return false;
}

} // namespace earshot::widget

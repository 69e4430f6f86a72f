#pragma once
// What the server needs from the core, behind one small interface: read a mention, triage and draft it, check a
// reply an agent sends. The implementation (core_analyzer.cpp) uses earshot::Triager and the drafting area; it is
// pure computation (no I/O), so the server can call it from any io thread.

#include "earshot/mention.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace earshot::server {

struct Analysis {
    nlohmann::json triage; ///< wire::triage_to_json
    nlohmann::json drafts; ///< array of drafted replies (wire JSON of the drafting area)
    // Index columns (read from the triage) for filters and aggregates.
    std::string category, sentiment, tier, team;
    bool complaint = false;
    int urgency = 0;
};

struct ReplyCheck {
    nlohmann::json lint;        ///< lint result of the reply text
    nlohmann::json commitments; ///< array of commitments found in the reply
};

class Analyzer {
public:
    virtual ~Analyzer() = default;
    /// Reads a mention from JSON; false with a readable message ("text: required string is missing") otherwise.
    virtual bool parse_mention(const nlohmann::json& j, Mention& out, std::string& error) const = 0;
    virtual nlohmann::json mention_to_json(const Mention& m) const = 0;
    /// prior_contacts: earlier mentions by the same author; now_ms: the server's clock.
    virtual Analysis analyze(const Mention& m, int prior_contacts, std::int64_t now_ms) const = 0;
    /// Lints a reply to the mention record (`record` is the stored JSON record) and extracts its commitments.
    virtual ReplyCheck check_reply(const nlohmann::json& record, const std::string& text,
                                   std::int64_t now_ms) const = 0;
    /// The display label of a category id ("delivery" -> "Delivery").
    virtual std::string category_label(const std::string& id) const = 0;
    /// "earshot core <version>, playbook <name>" for /healthz and logs.
    virtual std::string describe() const = 0;
};

/// The real core (playbook: a built-in name such as "default" or "airline", or a JSON file): triage, drafting, reply lint, commitment extraction.
std::unique_ptr<Analyzer> make_core_analyzer(const std::string& playbook_spec);

} // namespace earshot::server

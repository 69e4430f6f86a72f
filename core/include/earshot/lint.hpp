#pragma once
// The reply linter: checks what an agent (or the drafter) wrote against the rules of good complaint handling and
// the playbook's reply rules. Gives a 0-100 score and findings, each with the rule, the span, why it matters, a
// suggested fix and, where one exists, a one-click replacement for the span.
//
// Spans are UTF-8 BYTE offsets into the reply (begin inclusive, end exclusive). A finding with begin == end marks
// something missing; the span is where it belongs (its replacement, if any, is text to insert there).
//
// Rules (ids): personal_data, over_limit, asks_sensitive, unapproved_compensation, blame, missing_apology,
// non_apology, redirect_only, no_next_step, unanswered_question, missing_acknowledgement, no_problem, robotic,
// shouting, tone, missing_thanks, vague_time, no_deadline, missing_empathy, asks_too_much, no_personalisation,
// missing_signature. Each takes its weight (ReplyRules::weights, defaults in reply_rules.cpp) from 100 once, and
// 5 more points per further finding of the same rule; the score never goes below 0.

#include "earshot/pii.hpp"
#include "earshot/reply_context.hpp"
#include "earshot/reply_rules.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace earshot {

struct Mention;
struct Triage;
struct Playbook;

namespace detail {
struct LintAccess; // drafting internals: lint with the mention already analysed
}

struct LintFinding {
    std::string rule;
    std::uint32_t begin = 0; ///< UTF-8 byte offset
    std::uint32_t end = 0;
    std::string text;        ///< reply[begin, end)
    std::string why;         ///< why it matters, for the agent
    std::string fix;         ///< what to do instead
    bool has_replacement = false;
    std::string replacement; ///< one-click fix: text to put in place of [begin, end)
};

struct LintReport {
    int score = 100; ///< 0..100
    std::vector<LintFinding> findings;
    int length = 0;  ///< characters as the platform counts them
    int limit = 0;   ///< the platform's limit
    bool passed() const noexcept { return findings.empty(); }
};

/// A linter compiled from reply rules once (phrase lists indexed); lint() is then cheap and thread-safe.
class ReplyLinter {
public:
    explicit ReplyLinter(const ReplyRules& rules = ReplyRules());
    ~ReplyLinter();
    ReplyLinter(ReplyLinter&&) noexcept;
    ReplyLinter& operator=(ReplyLinter&&) noexcept;

    LintReport lint(std::string_view reply, const ReplyContext& ctx) const;
    /// Lints several replies to the same mention (the mention is analysed once).
    std::vector<LintReport> lint_all(const std::vector<std::string>& replies, const ReplyContext& ctx) const;
    /// The same with the mention's personal data already detected (detect_pii(ctx.mention_text, rules().pii)).
    std::vector<LintReport> lint_all(const std::vector<std::string>& replies, const ReplyContext& ctx,
                                     std::vector<PiiSpan> mention_pii) const;

    /// Length of text as the platform counts it (X: links count url_length, CJK and emoji 2; elsewhere code points).
    int measure(std::string_view text, const std::string& platform) const;
    /// Character limit for a platform.
    int limit(const std::string& platform) const;
    /// True when replies on this platform are private (personal data may appear).
    bool is_private(const std::string& platform) const;

    const ReplyRules& rules() const noexcept;

private:
    friend struct detail::LintAccess;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Lints a reply to a triaged mention under the playbook's reply rules (compiles the rules each call).
LintReport lint(std::string_view reply, const Mention& mention, const Triage& triage, const Playbook& playbook);

/// One-off lint with the given rules (compiles them each call; keep a ReplyLinter for many replies).
LintReport lint(std::string_view reply, const ReplyContext& ctx, const ReplyRules& rules = ReplyRules());

/// "within 2 hours", "within the hour", "within 30 minutes", "within 2 days" for a deadline in minutes.
std::string deadline_phrase(int minutes);

/// "our Billing team" for a team named "Billing", "our Logistics desk" for "Logistics desk".
std::string team_phrase(const std::string& team_name);

} // namespace earshot

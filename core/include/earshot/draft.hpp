#pragma once
// Reply drafting: up to three ranked alternatives for a mention, each a public reply plus, when needed, a private
// follow-up. A draft acknowledges the specific problem (category wording and entities: "your delayed flight
// UA 1234", "the $45 charge"), apologises on behalf of the company for complaints without blaming anyone, matches
// empathy to the customer's intensity, says who does what by when (team and deadline from the triage/playbook),
// asks for as little as possible, thanks and recognises praise and invites happy customers to stay involved,
// answers questions with the category's help article, and signs with the playbook's signature placeholder.
// It never repeats personal data in public (it moves it to the private message and says why), never offers
// compensation, never redirects without a reason, and fits the platform's limit.
//
// Wording varies deterministically with the mention (id and text): the same mention always gives the same drafts;
// different mentions of one category read differently. The first-ranked draft passes the linter (lint.hpp).

#include "earshot/lint.hpp"
#include "earshot/reply_context.hpp"
#include "earshot/reply_rules.hpp"

#include <memory>
#include <string>
#include <vector>

namespace earshot {

struct Draft {
    int rank = 1;                ///< 1 = best
    std::string kind;            ///< apology | private_first | thanks | answer | acknowledge
    std::string public_reply;    ///< what to post publicly
    std::string private_reply;   ///< follow-up for the private channel (empty: none needed)
    std::string channel;         ///< where private_reply goes: "DM", "private message", "email"
    LintReport lint;             ///< the linter's verdict on public_reply
};

/// A drafter compiled from reply rules once; draft() is then cheap and thread-safe.
class Drafter {
public:
    explicit Drafter(const ReplyRules& rules = ReplyRules());
    ~Drafter();
    Drafter(Drafter&&) noexcept;
    Drafter& operator=(Drafter&&) noexcept;

    /// Up to three ranked drafts; none when the mention needs no reply (spam, ctx.needs_reply == false).
    std::vector<Draft> draft(const ReplyContext& ctx) const;
    /// Drafts for a triaged mention; the playbook supplies teams, help articles and the brand (its reply rules are
    /// the ones this drafter was built with).
    std::vector<Draft> draft(const Mention& mention, const Triage& triage, const Playbook& playbook) const;

    const ReplyLinter& linter() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

struct Mention;
struct Triage;
struct Playbook;

/// Drafts for a triaged mention under the playbook (and its reply rules). Compiles the rules each call.
std::vector<Draft> draft_replies(const Mention& mention, const Triage& triage, const Playbook& playbook);

/// One-off drafting with the given rules (compiles them each call; keep a Drafter for many mentions).
std::vector<Draft> draft_replies(const ReplyContext& ctx, const ReplyRules& rules = ReplyRules());

} // namespace earshot

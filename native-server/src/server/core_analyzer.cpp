// The real core behind the Analyzer interface: earshot::Triager with the playbook and the built-in models, and the
// drafting area (drafts, reply lint, commitments). Pure computation; the server supplies the clock.

#include "analyzer.hpp"

#include "../common/files.hpp"

#include "earshot/commitments.hpp"
#include "earshot/default_models.hpp"
#include "earshot/draft.hpp"
#include "earshot/lint.hpp"
#include "earshot/playbook.hpp"
#include "earshot/reply_context.hpp"
#include "earshot/triage.hpp"
#include "earshot/version.hpp"
#include "earshot/wire/mention_json.hpp"
#include "earshot/wire/drafting_json.hpp"
#include "earshot/wire/playbook_json.hpp"
#include "earshot/wire/triage_json.hpp"


#include <fstream>
#include <sstream>
#include <stdexcept>

namespace earshot::server {
namespace {



class CoreAnalyzer final : public Analyzer {
public:
    explicit CoreAnalyzer(const std::string& playbook_spec)
        : triager_(io::load_playbook(playbook_spec), default_triage_models()), drafter_(triager_.playbook().reply) {}

    bool parse_mention(const nlohmann::json& j, Mention& out, std::string& error) const override {
        return wire::mention_from_json(j, out, error);
    }
    nlohmann::json mention_to_json(const Mention& m) const override { return wire::mention_to_json(m); }

    Analysis analyze(const Mention& m, int prior_contacts, std::int64_t now_ms) const override {
        TriageContext ctx;
        ctx.prior_contacts = prior_contacts;
        ctx.now_ms = now_ms;
        thread_local Triage t; // one reused result per worker thread
        triager_.triage_into(m, ctx, t);
        Analysis a;
        a.triage = wire::triage_to_json(t);
        a.drafts = wire::drafts_to_json(drafter_.draft(m, t, triager_.playbook()));
        a.category = t.category.id;
        a.sentiment = to_string(t.sentiment.label);
        a.tier = to_string(t.tier);
        a.team = t.team;
        a.complaint = t.complaint;
        a.urgency = t.urgency.score;
        return a;
    }

    ReplyCheck check_reply(const nlohmann::json& record, const std::string& text, std::int64_t now_ms) const override {
        ReplyCheck out;
        out.commitments = nlohmann::json::array();
        Mention m;
        Triage t;
        std::string err;
        bool have_mention = record.is_object() && record.contains("text") && wire::mention_from_json(record, m, err);
        if (have_mention) {
            if (!(record.contains("triage") && wire::triage_from_json(record["triage"], t, err)))
                t = triager_.triage(m, {0, now_ms});
        } else {
            m.text = "";
            t = Triage{};
        }
        out.lint = wire::lint_report_to_json(drafter_.linter().lint(text, make_reply_context(m, t, triager_.playbook())));
        out.commitments = wire::commitments_to_json(extract_commitments(text, now_ms));
        return out;
    }

    std::string category_label(const std::string& id) const override {
        if (const Category* c = triager_.playbook().find_category(id)) return c->label;
        return id;
    }

    std::string describe() const override {
        return std::string("earshot ") + kVersion + ", playbook " + triager_.playbook().id;
    }

private:
    Triager triager_;
    Drafter drafter_; ///< reply rules compiled once (draft_replies() would compile them for every mention)
};

} // namespace

std::unique_ptr<Analyzer> make_core_analyzer(const std::string& playbook_spec) {
    return std::make_unique<CoreAnalyzer>(playbook_spec);
}

} // namespace earshot::server

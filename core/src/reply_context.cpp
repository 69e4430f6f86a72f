#include "earshot/reply_context.hpp"

#include "earshot/draft.hpp"
#include "earshot/lint.hpp"
#include "earshot/mention.hpp"
#include "earshot/playbook.hpp"
#include "earshot/triage.hpp"

namespace earshot {

ReplyContext make_reply_context(const Mention& mention, const Triage& triage, const Playbook& playbook) {
    ReplyContext c;
    c.platform = mention.platform.empty() ? "x" : mention.platform;
    c.mention_text = mention.text;
    c.customer_handle = mention.author.handle;
    c.customer_name = mention.author.name;
    c.mention_id = mention.id;
    c.complaint = triage.complaint;
    c.sentiment = triage.sentiment.score;
    c.category_id = triage.category.id;
    c.category_label = triage.category.label;
    c.signals = triage.signals;
    c.respond_within_minutes = triage.respond_within_minutes;
    c.brand = playbook.brand.name;
    for (const auto& e : triage.entities) c.entities.push_back({e.type, e.text, e.value});
    if (const Category* cat = playbook.find_category(triage.category.id)) {
        c.category_keywords = cat->keywords;
        c.help_article = cat->help_article;
        c.needs_reply = cat->respond;
    }
    if (const Team* team = playbook.find_team(triage.team)) c.team = team->name;
    else c.team = triage.team;
    return c;
}

std::vector<Draft> Drafter::draft(const Mention& mention, const Triage& triage, const Playbook& playbook) const {
    return draft(make_reply_context(mention, triage, playbook));
}

std::vector<Draft> draft_replies(const Mention& mention, const Triage& triage, const Playbook& playbook) {
    return Drafter(playbook.reply).draft(make_reply_context(mention, triage, playbook));
}

LintReport lint(std::string_view reply, const Mention& mention, const Triage& triage, const Playbook& playbook) {
    return ReplyLinter(playbook.reply).lint(reply, make_reply_context(mention, triage, playbook));
}

} // namespace earshot

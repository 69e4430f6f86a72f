// Bridges the widget to the earshot core, called directly (no JSON round trip): triage, personal-data detection,
// help answers from the playbook, and training a category model on labeled rows. Areas not yet in the core
// (drafting, reply linting) report themselves unavailable and the views say so instead of pretending.

#include "engine.hpp"

#include "earshot/classifier.hpp"
#include "earshot/draft.hpp"
#include "earshot/lint.hpp"
#include "earshot/reply_context.hpp"
#include "earshot/pii.hpp"
#include "earshot/triage.hpp"
#include "earshot/wire/playbook_json.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace earshot::widget {

struct Engine::Impl {
    Playbook playbook = wire::builtin_playbook("default");
    TriageModels models; ///< rules + few-shot until the element fetches the trained models (load_model)
    Triager triager{playbook, models};
    Drafter drafter{playbook.reply};
    void rebuild() {
        triager = Triager(playbook, models);
        drafter = Drafter(playbook.reply);
    }

    /// What drafting and linting need to know about a record (no core Triage required: live records carry the
    /// server's triage as JSON, already parsed into the widget's Triage).
    ReplyContext context(const Record& r) const {
        ReplyContext c;
        const auto& m = r.mention;
        const auto& t = r.triage;
        c.platform = m.platform;
        c.mention_text = m.text;
        c.customer_handle = m.author.handle;
        c.customer_name = m.author.name;
        c.mention_id = m.id;
        c.complaint = t.complaint;
        c.sentiment = t.sentiment_score;
        if (!t.category_id.empty()) c.category_id = t.category_id;
        if (!t.category_label.empty()) c.category_label = t.category_label;
        for (const auto& e : t.entities) c.entities.push_back({e.type, e.text, e.value});
        c.signals = t.signals;
        const Team* team = playbook.find_team(t.team);
        c.team = team ? team->name : t.team;
        c.respond_within_minutes = t.respond_within_minutes;
        if (const Category* cat = playbook.find_category(t.category_id)) {
            c.category_keywords = cat->keywords;
            c.help_article = cat->help_article;
            c.needs_reply = cat->respond;
        }
        c.brand = playbook.brand.name;
        return c;
    }
};

Engine::Engine() : impl_(std::make_unique<Impl>()) {}
Engine::~Engine() = default;

bool Engine::can_classify() const { return true; }
bool Engine::can_draft() const { return true; }
bool Engine::can_lint() const { return true; }
bool Engine::can_detect_pii() const { return true; }
bool Engine::can_train() const { return true; }

Triage Engine::classify(const Mention& m, std::int64_t now_ms) const {
    const earshot::Triage t = impl_->triager.triage(m, {.prior_contacts = 0, .now_ms = now_ms});
    Triage out;
    out.present = true;
    out.sentiment = to_string(t.sentiment.label);
    out.sentiment_score = t.sentiment.score;
    out.complaint = t.complaint;
    out.category_id = t.category.id;
    out.category_label = t.category.label;
    out.category_confidence = t.category.confidence;
    out.urgency = t.urgency.score / 100.0;
    out.urgency_reasons = t.urgency.reasons;
    out.tier = to_string(t.tier);
    out.team = t.team;
    out.respond_within_minutes = t.respond_within_minutes;
    for (const auto& e : t.entities)
        out.entities.push_back({e.type, e.text, e.value, static_cast<int>(e.begin), static_cast<int>(e.end)});
    out.signals = t.signals;
    for (const auto& x : t.explanation) {
        std::string line = x.label + ": ";
        for (std::size_t i = 0; i < x.because.size(); ++i) line += (i ? ", " : "") + x.because[i];
        out.explanation += (out.explanation.empty() ? "" : "\n") + line;
    }
    return out;
}

std::vector<Draft> Engine::draft(const Record& r) const {
    std::vector<Draft> out;
    for (const auto& d : impl_->drafter.draft(impl_->context(r))) {
        Draft x;
        x.label = d.kind;
        x.text = d.public_reply;
        x.private_text = d.private_reply;
        x.channel = d.channel;
        out.push_back(std::move(x));
    }
    return out;
}

namespace {
bool severe(const std::string& rule) {
    return rule == "personal_data" || rule == "over_limit" || rule == "asks_sensitive" || rule == "unapproved_compensation" ||
           rule == "blame";
}
} // namespace

LintReport Engine::lint(const std::string& reply, const Record& r) const {
    const earshot::LintReport rep = impl_->drafter.linter().lint(reply, impl_->context(r));
    LintReport out;
    out.present = true;
    out.score = rep.score;
    out.length = rep.length;
    out.limit = rep.limit;
    for (const auto& f : rep.findings) {
        LintFinding x;
        x.rule = f.rule;
        x.severity = severe(f.rule) ? "error" : "warning";
        x.message = f.why + (f.fix.empty() ? "" : " " + f.fix);
        x.begin = static_cast<int>(f.begin);
        x.end = static_cast<int>(f.end);
        x.has_fix = f.has_replacement;
        x.fix = f.replacement;
        x.fix_label = f.begin == f.end ? "Insert" : (f.replacement.empty() ? "Remove" : "Fix");
        out.findings.push_back(std::move(x));
    }
    return out;
}

std::vector<Entity> Engine::detect_pii(const std::string& text) const {
    std::vector<Entity> out;
    for (const auto& s : earshot::detect_pii(text, impl_->playbook.reply.pii))
        out.push_back({describe(s.kind), s.text, s.value, static_cast<int>(s.begin), static_cast<int>(s.end)});
    return out;
}

HelpAnswer Engine::help_for(const Triage& t) const {
    HelpAnswer a;
    const Category* c = impl_->playbook.find_category(t.category_id);
    if (!c) return a;
    a.present = true;
    a.title = c->label;
    a.url = c->help_article;
    a.body = c->help_article.empty() ? "A person from our " + (t.team.empty() ? std::string("support") : t.team) +
                                           " team handles questions like this."
                                     : "Most questions about " + c->label + " are answered in this article:";
    return a;
}

bool Engine::train(const std::vector<const Record*>& labeled, std::string& summary, std::string& error) {
    std::vector<std::string> texts, labels;
    std::map<std::string, int> counts;
    for (const Record* r : labeled) {
        if (!r || r->label.empty()) continue;
        texts.push_back(r->mention.text);
        labels.push_back(r->label);
        ++counts[r->label];
    }
    if (counts.size() < 2) {
        error = "need labeled rows of at least two different categories (found " + std::to_string(counts.size()) + ")";
        return false;
    }
    TextClassifier model;
    try {
        TrainOptions opt;
        opt.features.hash_bits = 18; // small data, small model: fits the page
        model = TextClassifier::train(texts, labels, opt);
    } catch (const std::exception& e) {
        error = e.what();
        return false;
    }
    // Labels that the playbook does not know become categories of their own (handled by the default team).
    Playbook pb = impl_->playbook;
    int added = 0;
    for (const auto& [label, n] : counts) {
        if (pb.find_category(label)) continue;
        Category c;
        c.id = label;
        c.label = label;
        c.team = pb.default_team;
        pb.categories.push_back(std::move(c));
        ++added;
    }
    impl_->playbook = std::move(pb);
    impl_->models.category = std::make_shared<const TextClassifier>(std::move(model));
    impl_->rebuild();
    trained_ = true;
    summary = "Trained a category model on " + std::to_string(texts.size()) + " labeled mentions, " + std::to_string(counts.size()) +
              " categories" + (added ? " (" + std::to_string(added) + " new to the playbook)" : "");
    return true;
}

bool Engine::load_model(const std::string& name, const std::string& bytes, std::string& error) {
    if (name != "sentiment" && name != "complaint" && name != "category") {
        error = "unknown model '" + name + "' (expected sentiment, complaint or category)";
        return false;
    }
    auto model = TextClassifier::deserialize(bytes, &error);
    if (!model) return false;
    auto ptr = std::make_shared<const TextClassifier>(std::move(*model));
    if (name == "sentiment") impl_->models.sentiment = ptr;
    else if (name == "complaint") impl_->models.complaint = ptr;
    else if (!trained_) impl_->models.category = ptr; // a category model trained in the page wins
    impl_->rebuild();
    loaded_models_.push_back(name);
    return true;
}

bool Engine::load_playbook(const std::string& json, std::string& error) {
    Playbook pb;
    std::vector<std::string> errors;
    if (json.find('{') == std::string::npos) { // a built-in name
        const auto text = builtin_playbook_json(json);
        if (text.empty()) {
            error = "unknown built-in playbook '" + json + "'";
            return false;
        }
        pb = wire::builtin_playbook(json);
    } else if (!wire::playbook_from_text(json, pb, errors)) {
        error = errors.empty() ? "invalid playbook" : errors.front();
        return false;
    }
    impl_->playbook = std::move(pb);
    impl_->rebuild();
    return true;
}

} // namespace earshot::widget

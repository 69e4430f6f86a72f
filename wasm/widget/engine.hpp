#pragma once
// The in-page engine: the earshot core linked into the widget module, called directly (no JSON round trip).
// Capabilities depend on which core areas this build has; views ask before offering a feature and say so honestly.

#include "model.hpp"

#include <memory>
#include <string>
#include <vector>

namespace earshot::widget {

struct LintFinding {
    std::string rule, message, severity; ///< severity: error, warning, info
    int begin = -1, end = -1;            ///< byte span in the reply (-1 when the finding is about the whole reply)
    bool has_fix = false;
    std::string fix; ///< replacement for [begin, end) (or text to append when begin < 0)
    std::string fix_label;
};

struct LintReport {
    bool present = false;
    double score = 0; ///< 0..100
    int length = 0, limit = 0; ///< characters as the platform counts them, and its limit
    std::vector<LintFinding> findings;
};

struct HelpAnswer {
    bool present = false;
    std::string title, body, url;
};

class Engine {
public:
    Engine();
    ~Engine();
    bool can_classify() const;
    bool can_draft() const;
    bool can_lint() const;
    bool can_detect_pii() const;
    bool can_train() const;

    /// Triage of one mention (category, sentiment, urgency, deadline, entities, explanation) at time now_ms.
    Triage classify(const Mention& m, std::int64_t now_ms) const;
    std::vector<Draft> draft(const Record& r) const;
    LintReport lint(const std::string& reply, const Record& r) const;
    /// Personal data spans (email, phone, card, ...) in free text typed by a visitor.
    std::vector<Entity> detect_pii(const std::string& text) const;
    /// The help article / playbook answer for a triage result.
    HelpAnswer help_for(const Triage& t) const;
    /// Trains a category model on labeled records and makes classify() use it. Returns a summary line.
    bool train(const std::vector<const Record*>& labeled, std::string& summary, std::string& error);
    bool trained() const { return trained_; }
    /// Loads one of the trained default models (TextClassifier bytes) fetched by the element: "sentiment",
    /// "complaint" or "category". They are not compiled into the widget (download size); until they arrive, triage
    /// uses the playbook's rules and few-shot examples.
    bool load_model(const std::string& name, const std::string& bytes, std::string& error);
    const std::vector<std::string>& loaded_models() const { return loaded_models_; }
    /// Loads a playbook (JSON text). False with an error message when it does not parse; nothing changes then.
    bool load_playbook(const std::string& json, std::string& error);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    bool trained_ = false;
    std::vector<std::string> loaded_models_;
};

} // namespace earshot::widget

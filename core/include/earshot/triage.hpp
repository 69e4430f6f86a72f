#pragma once
// Triage of one mention: sentiment, complaint, category, urgency, tier, team, reply deadline, entities, signals and
// an explanation of every label. Pure and deterministic: the same mention, context, playbook and models give the
// same Triage natively and in WebAssembly. JSON form: wire::triage_to_json (core/include/earshot/wire/triage_json.hpp).
//
//   earshot::Triager triager(playbook);              // or Triager::with_defaults()
//   earshot::Triage t = triager.triage(mention, {.prior_contacts = 1, .now_ms = now});
//
// Bulk callers reuse one result (no allocation per mention once warm) and skip the explanation text unless shown:
//   earshot::Triage t;
//   for (const auto& m : mentions) { triager.triage_into(m, {.explain = false}, t); ... }

#include "earshot/mention.hpp"
#include "earshot/playbook.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace earshot {

class TextClassifier; // earshot/classifier.hpp

enum class Polarity : std::uint8_t { Negative, Neutral, Positive };
const char* to_string(Polarity p) noexcept;
bool parse_polarity(std::string_view text, Polarity& out) noexcept;

struct SentimentResult {
    Polarity label = Polarity::Neutral;
    double score = 0; ///< [-1, 1], negative = angry/unhappy
};

struct CategoryResult {
    std::string id = "other"; ///< a playbook category id, or "other" when unsure
    std::string label = "Other";
    double confidence = 0; ///< [0, 1]
};

struct Urgency {
    int score = 0;                    ///< 0..100
    std::vector<std::string> reasons; ///< "legal threat (+25)", ...
};

struct Entity {
    std::string type;  ///< order_number | booking_reference | flight_number | amount | date | time | place | product |
                       ///< phone | email | url | handle
    std::string text;  ///< as written ("#A12345")
    std::string value; ///< normalised ("A12345", "45.00 USD", "10:30")
    std::uint32_t begin = 0; ///< byte offsets into the mention text
    std::uint32_t end = 0;
};

struct Explanation {
    std::string label;                ///< "sentiment", "complaint", "category", "urgency", "tier", "team", "deadline"
    std::vector<std::string> because; ///< words and rules that decided it
};

struct Triage {
    SentimentResult sentiment;
    bool complaint = false; ///< needs a response as a complaint
    CategoryResult category;
    Urgency urgency;
    Tier tier = Tier::Easy;
    std::string team;
    int respond_within_minutes = 0; ///< 0 when no reply is expected (spam)
    std::vector<Entity> entities;
    std::vector<std::string> signals; ///< all_caps, repeat_contact, churn_threat, legal_threat, safety, high_reach,
                                      ///< time_sensitive, praise, question, sarcasm, emoji_negative, ... (sorted)
    std::vector<Explanation> explanation;

    bool has_signal(std::string_view s) const noexcept;
};

/// What the caller knows beyond the mention itself.
struct TriageContext {
    int prior_contacts = 0;   ///< earlier mentions by the same author about this (drives repeat_contact)
    std::int64_t now_ms = 0;  ///< current time (Unix ms); 0 = unknown. Used to read "today", "tonight", "in 2 hours"
    /// Build Triage::explanation (the words and rules behind each label). Off: explanation is left empty and its
    /// text is never built; every other field is the same.
    bool explain = true;
};

/// Trained models the triager combines with its rules. Any may be null (rules and few-shot matching only).
struct TriageModels {
    std::shared_ptr<const TextClassifier> sentiment; ///< labels negative/neutral/positive
    std::shared_ptr<const TextClassifier> complaint; ///< labels complaint/other
    std::shared_ptr<const TextClassifier> category;  ///< labels = playbook category ids (others ignored)
};

class Triager {
public:
    /// Uses the given playbook (validate() it first; an invalid one still never crashes) and models.
    explicit Triager(Playbook playbook, TriageModels models = {});
    ~Triager();
    Triager(Triager&&) noexcept;
    Triager& operator=(Triager&&) noexcept;

    Triage triage(const Mention& mention, const TriageContext& ctx = {}) const;
    /// Same result as triage(mention, ctx), written into out: its vectors and strings are reused, so a caller that
    /// keeps one Triage per thread allocates nothing per mention once warm. Thread-safe (scratch is per thread).
    void triage_into(const Mention& mention, const TriageContext& ctx, Triage& out) const;

    const Playbook& playbook() const noexcept;
    const TriageModels& models() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Rounds to 4 decimals, half away from zero (for printing identical JSON natively and in wasm).
double round_score(double x) noexcept;

} // namespace earshot

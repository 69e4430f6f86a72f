#pragma once
// What drafting and the reply linter need to know about the mention being answered: a flat summary of the
// Mention, its Triage and the Playbook. make_reply_context builds it; tests and callers without a triage can
// fill it by hand.

#include <cstdint>
#include <string>
#include <vector>

namespace earshot {

struct Mention;
struct Triage;
struct Playbook;

struct ReplyEntity {
    std::string type;  ///< as triage names them: order_number, booking_reference, flight_number, amount, date, time,
                       ///< place, product, phone, email, url, handle
    std::string text;  ///< as written in the mention
    std::string value; ///< normalised
};

struct ReplyContext {
    std::string platform = "x";
    std::string mention_text;       ///< the customer's words (PII in it must never be repeated publicly)
    std::string customer_handle;    ///< "@jane_d" (may be empty)
    std::string customer_name;      ///< display name (may be empty)
    std::string mention_id;         ///< used (with the text) to vary wording deterministically

    bool complaint = false;
    double sentiment = 0;           ///< [-1, 1]
    std::string category_id = "other";
    std::string category_label = "Other";
    std::vector<std::string> category_keywords; ///< playbook keywords: words that acknowledge the problem
    std::vector<ReplyEntity> entities;
    std::vector<std::string> signals; ///< all_caps, repeat_contact, churn_threat, legal_threat, safety, praise, question, ...

    std::string team;                ///< team display name ("Billing team")
    int respond_within_minutes = 0;  ///< 0: unknown (the rules' default_follow_up_minutes is used)
    std::string help_article;        ///< URL of the category's help article (may be empty)
    std::string brand;               ///< "Acme"
    bool needs_reply = true;         ///< false for spam / categories that expect no reply

    bool has_signal(const std::string& s) const;
    /// 0 calm, 1 unhappy, 2 angry (caps, strong words, churn threat), 3 severe (legal, safety, angry repeat contact).
    int intensity() const;
    /// The customer's first name when the display name starts with one, else the handle, else "".
    std::string address_name() const;
};

/// Builds the context from a mention, its triage and the playbook: team display name, help article, brand, category
/// keywords and label, entities, signals, deadline.
ReplyContext make_reply_context(const Mention& mention, const Triage& triage, const Playbook& playbook);

} // namespace earshot

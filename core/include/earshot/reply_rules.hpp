#pragma once
// Reply rules: the playbook section ("reply") that drafting, the reply linter and PII detection use.
// Owned by the drafting area; the playbook (playbook.hpp) holds one ReplyRules and its parser delegates the
// "reply" object to wire::reply_rules_from_json (core/include/earshot/wire/reply_rules_json.hpp).
//
// Every list has sensible defaults (default_reply_rules()), so a playbook only states what it changes. In JSON a
// list given as an array replaces the default; given as {"add":[...],"remove":[...]} it edits the default.
//
// Phrase syntax (all phrase lists): lowercase words separated by spaces, matched case-insensitively on word
// boundaries; curly and straight apostrophes are the same; "apologi*" matches any word starting with "apologi";
// a lone "*" matches any one word; punctuation characters are words of their own ("% off"). An entry may carry a
// one-click replacement after "=>": "thank you for reaching out => thanks for telling us".

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace earshot {

/// How a category's problem is put into words in a reply. Text may use entity placeholders: {amount}, {flight},
/// {product}, {date}, {time}, {place}; a variant with a placeholder is used only when the mention has that entity.
struct CategoryWording {
    std::string id;                     ///< playbook category id ("billing")
    std::vector<std::string> problem;   ///< noun phrases: "the {amount} charge", "the unexpected charge"
    std::vector<std::string> action;    ///< what the team does: "check the charge", "trace your parcel"
    std::string detail;                 ///< what the team needs privately ("your order number"); empty: nothing
    std::string detail_entity;          ///< entity type that already provides it ("order_number", "email")
};

/// Patterns for PII detection beyond the built-in detectors (cards with Luhn, e-mails, phones, IBANs, addresses).
struct PiiRules {
    /// Words after which a number (with at least min_id_digits digits) is an account number.
    std::vector<std::string> account_keywords;
    /// Words after which a code (letters/digits, at least min_id_digits digits) is an order/tracking number.
    std::vector<std::string> order_keywords;
    /// Words after which a 5-8 character code is a booking reference ("booking ref", "confirmation code", "pnr").
    std::vector<std::string> booking_keywords;
    /// Shapes that are always account numbers: '#' a digit, 'A' an uppercase letter, '?' a letter or digit,
    /// anything else itself ("AC-########").
    std::vector<std::string> account_patterns;
    /// Shapes that are always order numbers ("ORD-######", "1Z????????????????").
    std::vector<std::string> order_patterns;
    /// Words after which a number is a phone number / a card number ("call me on", "card").
    std::vector<std::string> phone_keywords;
    std::vector<std::string> card_keywords;
    int min_id_digits = 5;        ///< digits an id after a keyword needs
    int long_number_digits = 9;   ///< a bare number with this many digits (not a card/phone/date) is an id number
    bool addresses = true;        ///< detect street addresses and UK postcodes

    PiiRules(); ///< the defaults
};

struct ReplyRules {
    // --- voice and signature ---
    /// Signature the drafts end with and the linter expects: "{initials}" / "{agent}" are filled by the agent.
    std::string signature = "^{initials}";
    bool require_signature = true;
    std::string tone = "friendly"; ///< friendly (contractions, warm) | formal (no contractions, no exclamations)

    // --- phrase lists (see the syntax above) ---
    std::vector<std::string> no_problem;      ///< "no problem" and its cousins
    std::vector<std::string> robotic;         ///< boilerplate: "we apologise for any inconvenience"
    std::vector<std::string> blame;           ///< blaming the customer, a partner or "the system"
    std::vector<std::string> non_apology;     ///< "sorry if you feel"
    std::vector<std::string> apology;         ///< what counts as an apology
    std::vector<std::string> empathy;         ///< what counts as empathy
    std::vector<std::string> thanks;          ///< what counts as thanks/recognition
    std::vector<std::string> redirect;        ///< sending the customer to another channel or form
    std::vector<std::string> redirect_reason; ///< a reason/benefit that makes a redirect acceptable ("so we can")
    std::vector<std::string> next_step;       ///< cues of a concrete next step ("we'll", "our team will")
    std::vector<std::string> vague_time;      ///< "soon", "asap"
    std::vector<std::string> compensation;    ///< offers: "voucher", "discount", "free"
    std::vector<std::string> approved_compensation; ///< offers the company allows (subset of compensation words)
    std::vector<std::string> compensation_exceptions; ///< not an offer: "feel free"
    std::vector<std::string> condescending;   ///< tone: "calm down", "as previously stated"
    std::vector<std::string> request_cue;     ///< a sentence asks the customer for something ("please send")
    std::vector<std::string> data_request;    ///< items one may ask for ("order number")
    std::vector<std::string> sensitive_request; ///< items one must never ask for ("password", "cvv")
    int max_requested_items = 2;

    // --- platforms ---
    std::map<std::string, int> limits;            ///< characters per platform (x: 280)
    int default_limit = 2000;                      ///< platforms not in limits
    int url_length = 23;                           ///< a link counts this many characters where weighted
    std::vector<std::string> weighted_platforms;   ///< counted the X way (links 23, CJK/emoji 2)
    std::vector<std::string> private_platforms;    ///< replies there are private (personal data allowed)
    std::map<std::string, std::string> private_channel; ///< platform -> "DM", "private message", "email"
    int default_follow_up_minutes = 1440;          ///< "by when" when triage gives no deadline

    // --- scoring ---
    std::map<std::string, int> weights;       ///< rule id -> points taken from 100 (defaults per rule)
    std::vector<std::string> disabled_rules;  ///< rule ids the linter skips

    // --- drafting ---
    std::vector<CategoryWording> categories;  ///< wording per category id
    std::vector<std::string> no_reply_categories; ///< no drafts for these ("spam")

    PiiRules pii;

    ReplyRules(); ///< the defaults
};

/// The rule ids the linter knows, in report order.
const std::vector<std::string>& lint_rule_ids();

/// Default weight of a rule (points taken from 100), 0 for an unknown id.
int default_rule_weight(const std::string& rule);

/// Weight in force for a rule under these rules.
int rule_weight(const ReplyRules& rules, const std::string& rule);

/// The wording for a category id, or nullptr.
const CategoryWording* find_category_wording(const ReplyRules& rules, const std::string& id);

} // namespace earshot

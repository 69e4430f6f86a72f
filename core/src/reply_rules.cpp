#include "earshot/reply_rules.hpp"

#include <algorithm>

namespace earshot {

namespace {

struct RuleInfo {
    const char* id;
    int weight;
};

// Report order and default weights (points taken from 100 when the rule fires).
constexpr RuleInfo kRules[] = {
    {"personal_data", 40},      {"over_limit", 35},          {"asks_sensitive", 35},
    {"unapproved_compensation", 30}, {"blame", 25},          {"missing_apology", 20},
    {"non_apology", 20},        {"redirect_only", 20},       {"no_next_step", 20},
    {"unanswered_question", 20}, {"missing_acknowledgement", 15}, {"no_problem", 15},
    {"robotic", 15},            {"shouting", 15},            {"tone", 15},
    {"missing_thanks", 15},     {"vague_time", 10},          {"no_deadline", 10},
    {"missing_empathy", 10},    {"asks_too_much", 10},       {"no_personalisation", 5},
    {"missing_signature", 5},
};

std::vector<CategoryWording> default_categories() {
    return {
        {"billing",
         {"the {amount} charge", "the {amount} on your bill", "the unexpected charge", "the billing mix-up"},
         {"check the charge", "go through your bill", "look into the charge"},
         "the e-mail on your account",
         "email"},
        {"delivery",
         {"your order not arriving", "the delay with your order", "your late delivery", "the delivery mix-up"},
         {"trace your parcel", "track down your order", "chase the delivery"},
         "your order number",
         "order_number"},
        {"defects",
         {"your faulty {product}", "the fault with your {product}", "the faulty item", "the fault you found",
          "the broken item"},
         {"arrange a repair or replacement", "sort out a fix", "check the fault"},
         "your order number",
         "order_number"},
        {"slow_service",
         {"the long wait", "how long this is taking", "the slow service", "the wait you've had"},
         {"get this moving", "speed this up", "pick this up"},
         "",
         ""},
        {"staff",
         {"how you were treated", "your experience with our staff", "the way our team treated you"},
         {"review what happened", "look into what happened", "follow up with the team involved"},
         "",
         ""},
        {"account_access",
         {"being locked out of your account", "the trouble getting into your account", "the login problem"},
         {"restore your access", "get you back into your account", "unlock your account"},
         "the e-mail on your account",
         "email"},
        {"cancellation",
         {"the trouble cancelling", "the cancellation problem", "the hassle cancelling"},
         {"process the cancellation", "sort out the cancellation", "confirm the cancellation"},
         "the e-mail on your account",
         "email"},
        {"outage",
         {"the outage", "the service being down", "the disruption"},
         {"restore the service", "get everything back up", "fix the outage"},
         "",
         ""},
        {"safety",
         {"the safety problem you reported", "what you reported", "the safety concern"},
         {"investigate this", "look into this urgently", "check this as a priority"},
         "",
         ""},
        {"question",
         {"your question", "what you asked"},
         {"get you an answer", "answer your question", "find the answer"},
         "",
         ""},
        // An airline's categories (the second shipped playbook).
        {"delay",
         {"the delay to your flight {flight}", "your delayed flight {flight}", "the delay to your flight",
          "your delayed flight"},
         {"check the latest on your flight", "look at your rebooking options", "get you moving"},
         "your booking reference",
         "booking_reference"},
        {"baggage",
         {"your missing bag", "the trouble with your bag", "your delayed baggage"},
         {"trace your bag", "track down your bag", "locate your bag"},
         "your bag tag number",
         "booking_reference"},
        {"booking",
         {"the trouble with your booking", "the booking problem", "your booking mix-up"},
         {"fix your booking", "sort out your booking", "check your booking"},
         "your booking reference",
         "booking_reference"},
        {"customer_service",
         {"how you were treated", "your experience with our team", "the service you got"},
         {"review what happened", "look into what happened", "follow up with the team involved"},
         "",
         ""},
        {"digital",
         {"the trouble with our app", "the problem with the website", "the app trouble"},
         {"check what went wrong", "get the app working for you", "look into the error"},
         "",
         ""},
        {"refund",
         {"the {amount} refund", "your refund", "the refund you're owed"},
         {"chase your refund", "check where your refund is", "process your refund"},
         "your booking reference",
         "booking_reference"},
    };
}

} // namespace

PiiRules::PiiRules()
    : account_keywords{"account", "acct", "a/c", "account no", "account number", "customer number", "customer id",
                       "member number", "membership number", "membership", "policy number", "policy", "sort code"},
      order_keywords{"order", "order number", "order no", "order id", "tracking", "tracking number", "parcel",
                     "package", "shipment", "invoice", "ticket", "case", "reference", "ref"},
      booking_keywords{"booking", "booking ref", "booking reference", "confirmation code", "confirmation", "pnr",
                       "reservation", "record locator", "bag tag"},
      phone_keywords{"call", "phone", "tel", "telephone", "mobile", "cell", "cellphone", "text", "whatsapp",
                     "ring", "contact number", "phone number", "number", "reach me"},
      card_keywords{"card", "credit card", "debit card", "visa", "mastercard", "amex", "card number", "cc"} {}

ReplyRules::ReplyRules()
    : no_problem{"no problem => happy to help",
                 "no problems => happy to help",
                 "not a problem => happy to help",
                 "no prob => happy to help",
                 "no probs => happy to help",
                 "no worries => happy to help",
                 "np => happy to help",
                 "no biggie => happy to help",
                 "no big deal => happy to help",
                 "not a big deal => happy to help",
                 "no sweat => happy to help",
                 "don't worry about it => happy to help"},
      robotic{"we apologi* for any inconvenience => we're sorry about this",
              "apologi* for any inconvenience => sorry about this",
              "apologi* for the inconvenience => sorry about this",
              "sorry for any inconvenience => sorry about this",
              "sorry for the inconvenience => sorry about this",
              "any inconvenience caused",
              "inconvenience this may have caused",
              "inconvenience this has caused",
              "your call is important to us",
              "your business is important to us",
              "we value your feedback => thanks for telling us",
              "we value your business",
              "thank you for reaching out => thanks for telling us",
              "thanks for reaching out => thanks for telling us",
              "thank you for contacting us => thanks for telling us",
              "thank you for bringing this to our attention => thanks for telling us",
              "thanks for bringing this to our attention => thanks for telling us",
              "we understand your frustration",
              "we appreciate your patience",
              "thank you for your patience",
              "thanks for your patience",
              "please be advised",
              "we regret to inform you",
              "dear valued customer",
              "dear customer",
              "valued customer",
              "rest assured",
              "we strive to",
              "take * seriously",
              "take * very seriously",
              "take * * seriously",
              "very seriously",
              "at this point in time => now",
              "due to high volume*",
              "high volume of *",
              "do not hesitate to",
              "don't hesitate to",
              "hope this helps",
              "for further assistance",
              "kindly"},
      blame{"you should have", "you should've", "you failed to", "you forgot to", "you didn't", "you did not",
            "your fault", "not our fault", "isn't our fault", "is not our fault", "out of our control",
            "beyond our control", "out of our hands", "courier's fault", "the courier is to blame", "blame the",
            "the system won't", "the system doesn't", "the system did", "system error", "computer error",
            "our partner's fault", "third party", "third-party", "user error", "you must have", "you need to read",
            "as stated in our terms", "as stated in the terms", "per the terms", "clearly states", "you agreed to",
            "you were told", "it's policy", "that's our policy", "that is our policy", "nothing we can do",
            "not our responsibility", "not responsible for", "you were supposed to"},
      non_apology{"sorry if", "sorry you feel", "sorry that you feel", "sorry you think", "sorry you believe",
                  "sorry you were upset", "sorry you're upset", "sorry you are upset", "sorry for how you feel",
                  "apologi* if", "regret that you feel", "sorry to hear you feel", "sorry you feel that way",
                  "sorry you see it that way"},
      apology{"sorry", "apologi*", "we messed up", "we got this wrong", "i got this wrong", "my mistake",
              "our mistake", "that's on us", "this is on us"},
      empathy{"frustrating", "frustrated", "understand why", "can see why", "can imagine", "must have been",
              "must be", "not good enough", "not okay", "not ok", "not acceptable", "unacceptable", "on us",
              "hear you", "awful", "not right", "shouldn't have happened", "should not have happened",
              "let you down", "let down", "shouldn't happen", "should not happen", "shouldn't have to",
              "should not have to", "upsetting", "stressful", "disappointing", "understandable", "get it",
              "really sorry", "so sorry", "truly sorry", "deeply sorry", "very sorry"},
      thanks{"thank*", "appreciat*", "grateful", "means a lot", "made our day", "made my day", "love to hear",
             "delighted", "so glad", "glad to hear", "happy to hear", "cheers"},
      redirect{"dm us", "dm me", "send us a dm", "send me a dm", "send us a direct message", "direct message us",
               "message us", "send us a message", "send us a private message", "pm us", "inbox us", "email us",
               "e-mail us", "call us", "give us a call", "call our", "phone us", "contact us", "contact our",
               "get in touch with", "reach out to", "visit our website", "visit our", "go to our website",
               "check our website", "fill out", "fill in the form", "submit a ticket", "open a ticket",
               "raise a ticket", "contact customer service", "contact support", "contact the", "please call",
               "speak to the", "visit a store", "visit your local", "head to our", "follow us", "check out our"},
      redirect_reason{"so we", "so i", "so that", "so you", "so our", "so the", "because", "to keep", "to protect",
                      "to look", "to check", "to find", "to sort", "to fix", "to get", "to trace", "where we",
                      "where our", "who can", "who will", "and we'll", "and i'll", "then we'll", "privately",
                      "securely", "safely", "in private", "out of public view"},
      next_step{"we'll", "we will", "i'll", "i will", "we're going to", "we are going to", "i'm going to",
                "i am going to", "team will", "team is", "will be in touch", "will contact", "will call",
                "will email", "will reply", "will get back", "will update", "will follow up", "you'll hear",
                "you will hear", "you'll receive", "you will receive", "you'll get", "you will get",
                "is looking into", "are looking into", "i'm looking into", "we're looking into", "have passed",
                "i've passed", "we've passed", "have escalated", "i've escalated", "we've escalated", "i've asked",
                "we've asked", "i've flagged", "we've flagged", "will reach you", "will arrive", "will be",
                "desk will", "they'll", "they will", "who will", "is on it", "i'm sending", "we're sending",
                "i've sent", "we've sent", "next step"},
      vague_time{"soon", "asap", "as soon as possible", "as soon as we can", "as quickly as possible",
                 "as quickly as we can", "shortly", "in due course", "at some point", "in a timely manner",
                 "timely", "promptly", "momentarily", "in the near future", "at the earliest opportunity",
                 "when we can", "when possible", "in a bit", "in a while", "eventually", "sometime", "someday",
                 "later"},
      compensation{"voucher*", "coupon*", "discount*", "gift card*", "giftcard*", "promo code*", "free",
                   "freebie*", "complimentary", "store credit", "account credit", "a credit", "goodwill",
                   "compensat*", "% off", "percent off", "on the house", "bonus points", "loyalty points",
                   "air miles", "upgrade*", "refund*", "reimburs*", "waive*"},
      approved_compensation{"refund*", "reimburs*"},
      compensation_exceptions{"feel free", "free to", "free of charge to contact", "toll free", "hands free"},
      condescending{"calm down", "obviously", "clearly you", "as i said", "as we said", "as previously stated",
                    "as previously mentioned", "as mentioned before", "as we already said", "per my last",
                    "you need to understand", "with all due respect", "to be honest", "frankly", "whatever",
                    "you people", "if you had read", "it's simple", "simply"},
      request_cue{"please", "send", "provide", "share", "dm us", "let us know", "what's your", "what is your",
                  "could you", "can you", "would you", "confirm", "include", "we need", "we'll need", "i need",
                  "tell us"},
      data_request{"full name", "your name", "email address", "e-mail", "email", "phone number", "mobile number",
                   "phone", "home address", "address", "postcode", "zip code", "order number", "order id",
                   "account number", "booking reference", "booking number", "confirmation number", "date of birth",
                   "dob", "screenshot", "receipt", "photo", "serial number", "tracking number", "reference number",
                   "membership number", "policy number"},
      sensitive_request{"password", "pin", "cvv", "cvc", "security code", "full card number", "card number",
                        "card details", "social security", "ssn", "one-time code", "verification code", "otp",
                        "maiden name", "login details"},
      limits{{"x", 280}, {"twitter", 280}, {"threads", 500}, {"bluesky", 300}, {"instagram", 2200},
             {"tiktok", 150}, {"facebook", 8000}, {"linkedin", 1250}, {"youtube", 10000}, {"review", 1500},
             {"forum", 5000}, {"reddit", 10000}, {"email", 10000}, {"chat", 1000}, {"sms", 320}},
      weighted_platforms{"x", "twitter"},
      private_platforms{"email", "dm", "chat", "sms"},
      private_channel{{"x", "DM"},
                      {"twitter", "DM"},
                      {"instagram", "DM"},
                      {"threads", "DM"},
                      {"bluesky", "DM"},
                      {"tiktok", "DM"},
                      {"facebook", "private message"},
                      {"linkedin", "private message"},
                      {"forum", "private message"},
                      {"reddit", "private message"},
                      {"review", "email"},
                      {"youtube", "email"}},
      categories(default_categories()), no_reply_categories{"spam"} {}


const std::vector<std::string>& lint_rule_ids() {
    static const std::vector<std::string> ids = [] {
        std::vector<std::string> v;
        for (const auto& r : kRules) v.emplace_back(r.id);
        return v;
    }();
    return ids;
}

int default_rule_weight(const std::string& rule) {
    for (const auto& r : kRules)
        if (rule == r.id) return r.weight;
    return 0;
}

int rule_weight(const ReplyRules& rules, const std::string& rule) {
    if (auto it = rules.weights.find(rule); it != rules.weights.end()) return it->second;
    return default_rule_weight(rule);
}

const CategoryWording* find_category_wording(const ReplyRules& rules, const std::string& id) {
    auto it = std::find_if(rules.categories.begin(), rules.categories.end(),
                           [&](const CategoryWording& c) { return c.id == id; });
    return it == rules.categories.end() ? nullptr : &*it;
}

} // namespace earshot

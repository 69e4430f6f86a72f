#include "earshot/draft.hpp"

#include "earshot/pii.hpp"

#include "reply_text.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

namespace earshot {

namespace {

// Deterministic choices from a 64-bit seed (splitmix64): identical natively and in wasm.
struct Choice {
    std::uint64_t s;
    std::size_t pick(std::size_t n) {
        s += 0x9E3779B97F4A7C15ULL;
        std::uint64_t z = s;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        z ^= z >> 31;
        return n == 0 ? 0 : static_cast<std::size_t>(z % n);
    }
};

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    if (from.empty()) return;
    for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
        s.replace(p, from.size(), to);
}

// Formal tone: no contractions, no exclamation marks.
std::string formalize(std::string s) {
    static constexpr std::pair<std::string_view, std::string_view> kPairs[] = {
        {"I'm", "I am"},       {"I've", "I have"},     {"I'll", "I will"},   {"we'll", "we will"},
        {"We'll", "We will"},  {"we're", "we are"},    {"We're", "We are"},  {"we've", "we have"},
        {"We've", "We have"},  {"that's", "that is"},  {"That's", "That is"}, {"it's", "it is"},
        {"It's", "It is"},     {"shouldn't", "should not"}, {"don't", "do not"}, {"can't", "cannot"},
        {"you've", "you have"}, {"you'll", "you will"}, {"You'll", "You will"}, {"they'll", "they will"},
        {"isn't", "is not"},   {"doesn't", "does not"}, {"you're", "you are"}, {"here's", "here is"},
        {"Here's", "Here is"}, {"there's", "there is"}, {"we'd", "we would"}, {"what's", "what is"},
        {"weren't", "were not"}, {"wasn't", "was not"}};
    for (auto [a, b] : kPairs) replace_all(s, a, b);
    for (auto& c : s)
        if (c == '!') c = '.';
    return s;
}


// Words the linter treats as compensation offers: never echoed as a topic.
bool is_offer_word(const std::string& w) {
    static const std::set<std::string> kOffers = {"upgrade", "upgrades", "voucher", "vouchers", "discount", "discounts",
                                                  "refund", "refunds", "credit", "coupon", "coupons", "gift", "points",
                                                  "miles", "freebie", "freebies", "free", "complimentary", "compensation",
                                                  "reimbursement", "waiver", "promo"};
    return kOffers.count(w) > 0;
}

struct Piece {
    std::string text;
    int drop = 0;          ///< 0: essential; 3, then 2 are dropped first when too long, then pieces are shortened,
                           ///< then 1 is dropped
    std::string shorter;   ///< a shorter way to say it (empty: none)
    bool greeting = false; ///< "Hi Jane, ": the next piece continues the sentence

    Piece(std::string t, int d = 0, std::string sh = {}, bool g = false)
        : text(std::move(t)), drop(d), shorter(std::move(sh)), greeting(g) {}
};

} // namespace

struct Drafter::Impl {
    ReplyRules rules;
    ReplyLinter linter;
    PiiDetector pii;

    explicit Impl(const ReplyRules& r) : rules(r), linter(r), pii(r.pii) {}

    struct Facts {
        std::string name;       // "Jane" / "@jane" / ""
        std::string team;       // "our Billing team"
        std::string deadline;   // "within 2 hours"
        std::string channel;    // "DM"
        std::vector<PiiSpan> pii;
        std::map<std::string, std::string> slots; // placeholder -> entity text
        std::string topic;      // a noun phrase from the mention ("your internet", "the charge")
        std::string praise_topic; // "the editor" (determiner topics only)
        const CategoryWording* wording = nullptr;
        bool ask_detail = false;
        int intensity = 0;
        bool question = false, praise = false, complaint = false, repeat = false, legal = false, safety = false;
        bool is_private = false;
    };

    Facts facts(const ReplyContext& ctx, const std::vector<detail::Word>& ws) const {
        Facts f;
        f.name = ctx.address_name();
        f.team = team_phrase(ctx.team);
        f.deadline = deadline_phrase(ctx.respond_within_minutes > 0 ? ctx.respond_within_minutes
                                                                    : rules.default_follow_up_minutes);
        auto ch = rules.private_channel.find(ctx.platform);
        f.channel = ch == rules.private_channel.end() ? "private message" : ch->second;
        f.pii = detail::PiiAccess::detect(pii, ctx.mention_text, ws);
        auto overlaps_pii = [&](const std::string& t) {
            for (const auto& p : f.pii)
                if (p.text.find(t) != std::string::npos || t.find(p.text) != std::string::npos) return true;
            return false;
        };
        for (const auto& e : ctx.entities) {
            std::string slot;
            if (e.type == "amount") slot = "amount";
            else if (e.type == "flight_number") slot = "flight";
            else if (e.type == "product") slot = "product";
            else if (e.type == "date") slot = "date";
            else if (e.type == "time") slot = "time";
            else if (e.type == "place") slot = "place";
            if (slot.empty() || e.text.empty() || e.text.size() > 40 || overlaps_pii(e.text) || f.slots.count(slot))
                continue;
            std::string text = e.text;
            if (slot == "flight" && detail::lower_ascii(text).rfind("flight ", 0) == 0) text = text.substr(7);
            f.slots[slot] = text;
        }
        // a noun the customer used after a determiner ("my internet", "the app")
        {
            for (std::size_t i = 0; i + 1 < ws.size() && f.topic.empty(); ++i) {
                const std::string_view d = ws[i].norm;
                if (d != "my" && d != "the" && d != "your" && d != "our" && d != "this") continue;
                const auto& w = ws[i + 1];
                if (w.punct || w.norm.size() < 3 || detail::is_stopword(w.norm)) continue;
                bool letters = std::all_of(w.norm.begin(), w.norm.end(), [](char c) { return c >= 'a' && c <= 'z'; });
                if (!letters || overlaps_pii(w.norm)) continue;
                static const std::set<std::string> kSkip = {"worst", "best", "same", "first", "last", "whole",
                                                            "entire", "only", "customer", "company", "service",
                                                            "fact", "way", "time", "other", "next", "most", "least"};
                if (kSkip.count(w.norm) || is_offer_word(w.norm)) continue;
                f.topic = "your " + std::string(std::string_view(ctx.mention_text).substr(w.begin, w.end - w.begin));
                if (!is_offer_word(w.norm))
                    f.praise_topic = "the " + std::string(std::string_view(ctx.mention_text).substr(w.begin, w.end - w.begin));
            }
            // otherwise a problem word the customer used ("charged twice" -> "the charge")
            static constexpr std::pair<std::string_view, std::string_view> kTopics[] = {
                {"charg", "the charge"},     {"bill", "your bill"},          {"refund", "your refund"},
                {"fee", "the fee"},          {"price", "the price"},         {"account", "your account"},
                {"lock", "your locked account"}, {"login", "the login trouble"}, {"password", "the password trouble"},
                {"order", "your order"},     {"parcel", "your parcel"},      {"packag", "your package"},
                {"delivery", "the delivery"}, {"deliver", "the delivery"},   {"answer", "you not getting an answer"},
                {"reply", "you not getting a reply"}, {"repli", "you not getting a reply"}, {"wait", "the wait"},
                {"app", "the app"},          {"websit", "the website"},      {"site", "the website"},
                {"rud", "the rude treatment"}, {"staff", "how our staff treated you"}, {"broken", "the broken item"},
                {"damag", "the damaged item"}, {"delay", "the delay"},       {"cancel", "the cancel request"},
                {"card", "your card"},       {"call", "the calls"},          {"email", "the emails"},
                {"outag", "the outage"},     {"down", "the service being down"}, {"slow", "how slow this is"},
                {"queu", "the queue"},       {"hold", "the time on hold"},  {"internet", "your internet"},
                {"wifi", "your wifi"},       {"connection", "your connection"}, {"signal", "the signal"}};
            for (std::size_t i = 0; i < ws.size() && f.topic.empty(); ++i) {
                if (ws[i].punct || overlaps_pii(ws[i].norm)) continue;
                if (i > 0 && std::string_view(ws[i - 1].norm) == "@" && ws[i - 1].end == ws[i].begin) continue; // a handle
                const std::string st = detail::stem(ws[i].norm);
                for (auto [k, phrase] : kTopics)
                    if (st == k) {
                        f.topic = phrase;
                        break;
                    }
            }
        }
        f.wording = find_category_wording(rules, ctx.category_id);
        f.intensity = ctx.intensity();
        f.question = ctx.has_signal("question") || ctx.category_id == "question";
        f.praise = (ctx.has_signal("praise") || ctx.category_id == "praise") && !ctx.complaint;
        f.complaint = ctx.complaint || ctx.has_signal("legal_threat") || ctx.has_signal("safety");
        f.repeat = ctx.has_signal("repeat_contact");
        f.legal = ctx.has_signal("legal_threat");
        f.safety = ctx.has_signal("safety") || ctx.category_id == "safety";
        f.is_private = linter.is_private(ctx.platform);
        if (f.complaint && f.wording && !f.wording->detail.empty()) {
            bool have = false;
            const std::string& need = f.wording->detail_entity;
            for (const auto& e : ctx.entities)
                if (!need.empty() && e.type == need) have = true;
            for (const auto& p : f.pii) {
                std::string k = to_string(p.kind);
                if ((need == "order_number" && k == "order") || (need == "booking_reference" && k == "booking") ||
                    need == k)
                    have = true;
            }
            f.ask_detail = !have && !f.is_private;
        }
        return f;
    }

    // Fills {amount}/{flight}/... from the facts; false when a placeholder has no value.
    static bool fill(std::string& text, const Facts& f) {
        if (text.find('{') == std::string::npos) return true; // no placeholder: unchanged
        std::string out;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '{') {
                auto close = text.find('}', i);
                if (close == std::string::npos) return false;
                auto key = text.substr(i + 1, close - i - 1);
                auto it = f.slots.find(key);
                if (it == f.slots.end()) return false;
                out += it->second;
                i = close;
            } else {
                out.push_back(text[i]);
            }
        }
        text = std::move(out);
        return true;
    }

    // The problem in words; variant k of those available (specific ones first).
    std::vector<std::string> problems(const ReplyContext& ctx, const Facts& f) const {
        std::vector<std::string> specific, generic;
        if (f.wording) {
            for (auto p : f.wording->problem) {
                bool has_slot = p.find('{') != std::string::npos;
                if (!fill(p, f)) continue;
                (has_slot ? specific : generic).push_back(p);
            }
        }
        if (specific.empty() && generic.empty()) {
            if (f.slots.count("product")) specific.push_back("the trouble with your " + f.slots.at("product"));
            if (f.slots.count("flight")) specific.push_back("what happened with flight " + f.slots.at("flight"));
            if (f.slots.count("amount")) specific.push_back("the " + f.slots.at("amount") + " charge");
            if (!f.topic.empty()) {
                if (f.topic.rfind("your ", 0) == 0 || f.topic.rfind("the ", 0) == 0) {
                    generic.push_back("the trouble with " + f.topic);
                    generic.push_back("the problem with " + f.topic);
                    generic.push_back("what happened with " + f.topic);
                } else {
                    generic.push_back(f.topic);
                }
            }
            if (!ctx.category_label.empty() && ctx.category_id != "other")
                generic.push_back("the " + detail::lower_ascii(ctx.category_label) + " problem");
            if (generic.empty() && specific.empty()) generic.push_back("what happened");
        }
        if (!specific.empty()) {
            for (auto& g : generic) specific.push_back(g); // generic ones as later alternatives
            return specific;
        }
        return generic;
    }

    std::vector<std::string> actions(const Facts& f) const {
        if (f.wording && !f.wording->action.empty()) return f.wording->action;
        return {"look into this", "get this sorted", "check what went wrong"};
    }

    // "Hi Jane, " + "Sorry about..." -> "Hi Jane, sorry about..." ("I" stays capital).
    static std::string after_greeting(const std::string& greeting, std::string s) {
        if (greeting.empty() || s.empty()) return s;
        if (s[0] >= 'A' && s[0] <= 'Z' && !(s[0] == 'I' && (s.size() == 1 || s[1] == ' ' || s[1] == '\'')))
            s[0] = static_cast<char>(s[0] + 32);
        return s;
    }

    static std::string greet(const Facts& f, std::size_t v, bool formal) {
        if (f.name.empty()) return "";
        static constexpr std::array<std::string_view, 3> kFriendly = {"Hi {n}, ", "{n}, ", "Hello {n}, "};
        static constexpr std::array<std::string_view, 2> kFormal = {"Hello {n}, ", "Dear {n}, "};
        std::string g = formal ? std::string(kFormal[v % kFormal.size()]) : std::string(kFriendly[v % kFriendly.size()]);
        replace_all(g, "{n}", f.name);
        return g;
    }

    // Apology + empathy sentences for complaints.
    static std::pair<std::string, std::string> apology(const Facts& f, const std::string& p, std::size_t v) {
        std::string a, e;
        if (f.safety) {
            static constexpr std::array<std::string_view, 5> k = {
                "Thank you for telling us, and I'm so sorry about {p}.", "I'm really sorry about {p}, and thank you for flagging it.",
                "Thanks for reporting this, and I'm sorry about {p}.", "I'm so sorry about {p}; thank you for raising it.",
                "Thank you for letting us know, and I'm really sorry about {p}."};
            a = k[v % k.size()];
            static constexpr std::array<std::string_view, 3> ke = {
                "Safety comes first, so this is our top priority.", "Nothing matters more than your safety, so this goes to the top of the list.",
                "We take safety first, and this is being treated as urgent."};
            e = ke[(v / 5) % ke.size()];
        } else if (f.repeat) {
            static constexpr std::array<std::string_view, 3> k = {
                "I'm sorry you've had to chase us again about {p}.", "Sorry you've had to contact us again about {p}.",
                "I'm really sorry you're still waiting on {p}."};
            a = k[v % k.size()];
            static constexpr std::array<std::string_view, 3> ke = {
                "That shouldn't have happened, and it's on us.", "You shouldn't have to ask twice; that's not good enough.",
                "That's frustrating, and it's on us to put it right."};
            e = ke[(v / 3) % ke.size()];
        } else if (f.intensity >= 2) {
            static constexpr std::array<std::string_view, 4> k = {
                "I'm really sorry about {p}.", "I'm so sorry about {p}.", "We're truly sorry about {p}.",
                "Really sorry about {p}."};
            a = k[v % k.size()];
            static constexpr std::array<std::string_view, 4> ke = {
                "That's genuinely frustrating, and it's on us to fix it.", "I can see why you're upset; it shouldn't have happened.",
                "You shouldn't have to deal with this, and it's not good enough.",
                "I completely understand why you're frustrated."};
            e = ke[(v / 4) % ke.size()];
        } else {
            static constexpr std::array<std::string_view, 8> k = {
                "I'm sorry about {p}.", "Sorry about {p}; that's not what we want for you.",
                "We're sorry about {p}, that's not the experience you should get.", "I'm really sorry about {p}.",
                "Sorry for {p}, that's on us.", "I'm sorry to hear about {p}.",
                "Apologies for {p}; that's not how it should go.", "So sorry about {p}, that shouldn't happen."};
            a = k[v % k.size()];
        }
        replace_all(a, "{p}", p);
        return {a, e};
    }

    static std::string next_step(const Facts& f, const std::string& action, std::size_t v) {
        static constexpr std::array<std::string_view, 8> k = {
            "{T} will {a} and reply here {d}.", "I've passed this to {t}, who will {a} and get back to you {d}.",
            "{T} is on it: they'll {a} and update you {d}.", "I've asked {t} to {a}; you'll hear from them {d}.",
            "Next step: {t} will {a} and let you know {d}.", "I've flagged this to {t}; they'll {a} and reply {d}.",
            "{T} will {a} and come back to you here {d}.", "Here's what happens next: {t} will {a} and update you {d}."};
        std::string s(k[v % k.size()]);
        replace_all(s, "{T}", detail::capitalize(f.team));
        replace_all(s, "{t}", f.team);
        replace_all(s, "{a}", action);
        replace_all(s, "{d}", f.deadline);
        return s;
    }

    static std::string short_next_step(const Facts& f, const std::string& action) {
        std::string s = "{T} will {a} {d}.";
        replace_all(s, "{T}", detail::capitalize(f.team));
        replace_all(s, "{a}", action);
        replace_all(s, "{d}", f.deadline);
        return s;
    }

    static std::string ask(const Facts& f, std::size_t v) {
        const std::string& detail = f.wording->detail;
        if (f.channel == "email") return "We'll also reach out by email so we can sort out the details privately.";
        if (f.channel == "DM") {
            static constexpr std::array<std::string_view, 3> k = {
                "Could you DM us {x} so we can look it up without posting it here?",
                "If you DM us {x}, we can find it quickly and keep it private.",
                "Please DM us {x} so we can check it securely."};
            std::string s(k[v % k.size()]);
            replace_all(s, "{x}", detail);
            return s;
        }
        static constexpr std::array<std::string_view, 2> k = {
            "Could you send us {x} in a private message so we can look it up without posting it here?",
            "If you send us {x} in a private message, we can find it quickly and keep it private."};
        std::string s(k[v % k.size()]);
        replace_all(s, "{x}", detail);
        return s;
    }

    static std::string kinds_of(const std::vector<PiiSpan>& pii) {
        std::vector<std::string> names;
        for (const auto& p : pii) {
            std::string d = describe(p.kind);
            if (std::find(names.begin(), names.end(), d) == names.end()) names.push_back(d);
        }
        std::string out;
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (i) out += i + 1 == names.size() ? " and " : ", ";
            out += names[i];
        }
        return out;
    }

    static std::string privacy(const Facts& f, std::size_t v) {
        static constexpr std::array<std::string_view, 3> k = {
            "To keep your personal details private, we'll continue by {c}, so there's no need to post them here again.",
            "We'll pick this up by {c} to keep your personal details out of public view.",
            "For your security we'll continue by {c}, so your personal details stay private."};
        std::string s(k[v % k.size()]);
        replace_all(s, "{c}", f.channel);
        return s;
    }

    std::string private_message(const ReplyContext& ctx, const Facts& f, const std::string& problem,
                                const std::string& action, bool formal) const {
        const bool anonymous = f.name.empty() || f.name.front() == '@';
        std::string s;
        s.reserve(320);
        s += formal ? "Hello" : "Hi";
        if (anonymous) {
            s += ", ";
        } else {
            s += ' ';
            s += f.name;
            s += ", ";
        }
        s += "following up privately about ";
        s += problem;
        s += ". ";
        if (!f.pii.empty()) {
            s += "Your public post shows your ";
            s += kinds_of(f.pii);
            s += ", so you may want to delete it; we have what we need and there's no need to post it again. ";
            for (const auto& p : f.pii)
                if (p.kind == PiiKind::Order || p.kind == PiiKind::Booking || p.kind == PiiKind::Account) {
                    s += "We're using ";
                    s += describe(p.kind);
                    s += ' ';
                    s += p.text;
                    s += " to look into it. ";
                    break; // the first reference only
                }
        } else if (f.ask_detail) {
            s += "Could you reply with ";
            s += f.wording->detail;
            s += "? That's all we need. ";
        }
        const std::size_t team_at = s.size();
        s += f.team;
        for (std::size_t k = team_at; k < s.size(); ++k) { // detail::capitalize(f.team), in place
            const char c = s[k];
            if (c >= 'a' && c <= 'z') {
                s[k] = static_cast<char>(c - 32);
                break;
            }
            if ((c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80) break;
        }
        s += " will ";
        s += action;
        s += ' ';
        s += f.deadline;
        s += ", and I'll keep you posted here. ";
        s += rules.signature;
        (void)ctx;
        return formal ? formalize(s) : s;
    }

    // Assembles pieces, dropping optional ones (highest drop first) until the platform limit is met.
    // Assembles pieces, shortening or dropping optional ones until the platform limit is met.
    std::string assemble(std::vector<Piece> pieces, const std::string& platform) const {
        auto join = [](const std::vector<Piece>& ps) {
            std::string s;
            bool after_greet = false;
            s.reserve(512);
            for (const auto& p : ps) {
                if (p.text.empty()) continue;
                if (!s.empty() && s.back() != ' ') s.push_back(' ');
                const bool lower_start = p.text[0] >= 'a' && p.text[0] <= 'z';
                const std::size_t at = s.size();
                s += p.text;
                // in place: after_greeting("x", p.text) / detail::capitalize(p.text)
                if (after_greet) {
                    const char c0 = s[at];
                    if (c0 >= 'A' && c0 <= 'Z' &&
                        !(c0 == 'I' && (at + 1 == s.size() || s[at + 1] == ' ' || s[at + 1] == '\'')))
                        s[at] = static_cast<char>(c0 + 32);
                } else if (lower_start) {
                    s[at] = static_cast<char>(s[at] - 32); // its first letter is p.text[0]
                }
                after_greet = p.greeting;
            }
            while (!s.empty() && s.back() == ' ') s.pop_back();
            return s;
        };
        const int limit = linter.limit(platform);
        std::string s = join(pieces);
        int length = linter.measure(s, platform); // kept up to date with s
        auto fits = [&] { return length <= limit; };
        for (int stage = 0; stage < 4 && !fits(); ++stage) {
            const int level = stage == 0 ? 3 : stage == 1 ? 2 : 1;
            if (stage == 2) { // shorten before dropping the last optional pieces
                for (auto& p : pieces)
                    if (!fits() && !p.text.empty() && !p.shorter.empty()) {
                        p.text = p.shorter;
                        s = join(pieces);
                        length = linter.measure(s, platform);
                    }
                continue;
            }
            for (std::size_t i = pieces.size(); i-- > 0 && !fits();)
                if (pieces[i].drop == level && !pieces[i].text.empty()) {
                    pieces[i].text.clear();
                    s = join(pieces);
                    length = linter.measure(s, platform);
                }
        }
        return s; // may still be too long (huge entities); the linter then reports over_limit
    }

    // What compose() picks from, the same for every style of one mention.
    struct Wording {
        std::vector<std::string> probs;
        std::vector<std::string> acts;
        std::size_t n_specific = 0; ///< wording->problem variants with a placeholder that could be filled
        mutable std::vector<std::string> short_steps; ///< short_next_step per action, made on first use
        const std::string& short_step(const Facts& f, std::size_t action) const {
            if (short_steps.empty()) short_steps.resize(acts.size());
            std::string& s = short_steps[action];
            if (s.empty()) s = short_next_step(f, acts[action]);
            return s;
        }
    };

    Wording wording(const ReplyContext& ctx, const Facts& f) const {
        Wording w;
        w.probs = problems(ctx, f);
        w.acts = actions(f);
        if (f.wording)
            for (const auto& p : f.wording->problem)
                if (p.find('{') != std::string::npos) {
                    std::string t = p;
                    if (fill(t, f)) ++w.n_specific;
                }
        return w;
    }

    Draft compose(const ReplyContext& ctx, const Facts& f, const Wording& wd, std::uint64_t seed, int style) const {
        Choice c{seed};
        const bool formal = rules.tone == "formal";
        Draft d;
        d.channel = f.channel;
        const auto& probs = wd.probs;
        const auto& acts = wd.acts;
        // specific problem wording first for the first style, any for the others
        const std::size_t n_specific = wd.n_specific;
        const std::string problem = probs[style == 0 && n_specific > 0 ? c.pick(n_specific) : c.pick(probs.size())];
        const std::size_t action_at = c.pick(acts.size());
        const std::string& action = acts[action_at];
        const std::size_t vg = c.pick(6), va = c.pick(60), vn = c.pick(5), vk = c.pick(6);
        std::vector<Piece> pieces;
        pieces.reserve(8);
        const std::string& sig = rules.signature;

        if (f.complaint) {
            d.kind = style == 2 ? "private_first" : "apology";
            auto [a, e] = apology(f, problem, va + static_cast<std::size_t>(style));
            pieces.push_back({greet(f, vg, formal), 1, "", true});
            pieces.push_back({a, 0, "I'm sorry about " + problem + "."});
            if (!e.empty()) pieces.push_back({e, f.intensity >= 2 ? 1 : 3, f.intensity >= 2 ? "That's not good enough." : ""});
            if (style == 2) {
                std::string s = "I'm sending you a " + f.channel + " now so we can sort this out privately; " + f.team +
                                " will " + action + " " + f.deadline + ".";
                if (f.channel == "email")
                    s = "We'll email you now so we can sort this out privately; " + f.team + " will " + action + " " +
                        f.deadline + ".";
                pieces.push_back({s, 0, wd.short_step(f, action_at)});
            } else {
                pieces.push_back({next_step(f, action, vn + static_cast<std::size_t>(style)), 0,
                                  wd.short_step(f, action_at)});
            }
            static constexpr std::array<std::string_view, 6> kClose = {
                "", "We want to get this right for you.", "Thanks for telling us about it.", "",
                "I'll keep an eye on it myself.", "We'll make it right."};
            if (!f.safety && !f.legal) pieces.push_back({std::string(kClose[vk % 6]), 3});
            if (!f.pii.empty() && !f.is_private && style != 2)
                pieces.push_back({privacy(f, vk), 0, "We'll continue by " + f.channel + " to keep your details private."});
            else if (f.ask_detail && style != 2) pieces.push_back({ask(f, vk), 2});
            pieces.push_back({sig, 0});
            const bool want_private = style == 2 || !f.pii.empty() || f.ask_detail || f.legal || f.safety;
            if (want_private && !f.is_private) d.private_reply = private_message(ctx, f, problem, action, formal);
        } else if (f.praise) {
            d.kind = "thanks";
            std::string who = f.name.empty() ? "" : f.name;
            static constexpr std::array<std::string_view, 6> kThanks = {
                "Thank you, {n}!", "Thanks so much for the kind words, {n}!", "{n}, this made our day, thank you!",
                "Thank you for taking the time to tell us, {n}!", "Thanks a lot, {n}, we really appreciate it!",
                "{n}, thank you for the shout-out!"};
            static constexpr std::array<std::string_view, 6> kThanksAnon = {
                "Thank you!", "Thanks so much for the kind words!", "This made our day, thank you!",
                "Thank you for taking the time to tell us!", "Thanks a lot, we really appreciate it!",
                "Thank you for the shout-out!"};
            const std::size_t vt = vg + static_cast<std::size_t>(style);
            std::string t(who.empty() ? kThanksAnon[vt % 6] : kThanks[vt % 6]);
            replace_all(t, "{n}", who);
            pieces.push_back({t, 0});
            std::string rec;
            if (f.slots.count("product")) rec = "So glad the " + f.slots.at("product") + " is working out for you.";
            else if (f.slots.count("place")) rec = "So glad your visit to " + f.slots.at("place") + " went well.";
            else if (f.praise_topic.size() && va % 2 == 0) rec = "So glad you're enjoying " + f.praise_topic + ".";
            else {
                static constexpr std::array<std::string_view, 6> kRec = {
                    "I'm sharing this with the team; it means a lot to them.",
                    "Passing this straight on to everyone involved; it means a lot.",
                    "This really means a lot to the whole team.", "Sharing this with the team right now.",
                    "Feedback like this is what keeps the team going.", "It's great to hear this, and I'm sharing it with the team."};
                rec = kRec[(va / 2) % 6];
            }
            pieces.push_back({rec, 2});
            static constexpr std::array<std::string_view, 7> kInvite = {
                "If you ever have ideas for what we could do better, we'd love to hear them.",
                "Stay tuned for what's next, and tell us what you'd like to see.",
                "Come back anytime and let us know how it's going.",
                "We'd love to hear your ideas too, so keep them coming.",
                "Got a wish for what we build next? Tell us anytime.",
                "Keep the feedback coming, it shapes what we do next.",
                "If there's anything you'd love us to add, just say."};
            pieces.push_back({std::string(kInvite[(vn + static_cast<std::size_t>(style)) % 7]), 1});
            if (f.question) {
                std::string q = "And if you have a question for us, " + f.team + " will answer here " + f.deadline + ".";
                pieces.push_back({q, 0});
            }
            pieces.push_back({sig, 0});
        } else if (f.question) {
            d.kind = "answer";
            pieces.push_back({greet(f, vg, formal), 1, "", true});
            static constexpr std::array<std::string_view, 5> kAbout = {
                "Good question about {x}.", "Thanks for asking about {x}.", "Happy to help with {x}.",
                "Great question about {x}.", "Thanks for the question about {x}."};
            std::string subject = !f.topic.empty() ? f.topic
                                  : (!ctx.category_label.empty() && ctx.category_id != "other" && ctx.category_id != "question")
                                      ? detail::lower_ascii(ctx.category_label)
                                      : "";
            if (subject.empty()) {
                const auto ws = detail::split_words(ctx.mention_text);
                std::size_t best = 0;
                for (std::size_t i = 0; i < ws.size(); ++i) {
                    const auto& w = ws[i];
                    if (w.punct || w.norm.size() < 5 || w.norm.size() <= best || detail::is_stopword(w.norm)) continue;
                    if (i > 0 && (std::string_view(ws[i - 1].norm) == "@" || std::string_view(ws[i - 1].norm) == "#") && ws[i - 1].end == w.begin) continue;
                    if (!std::all_of(w.norm.begin(), w.norm.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; })) continue;
                    static const std::set<std::string> kVerbs = {"please", "thanks", "anyone", "someone", "wondering",
                                                                 "there", "about", "would", "should", "could", "plans"};
                    if (kVerbs.count(w.norm) || is_offer_word(w.norm)) continue;
                    best = w.norm.size();
                    subject = std::string(std::string_view(ctx.mention_text).substr(w.begin, w.end - w.begin));
                }
            }
            std::string about = subject.empty() ? std::string("Good question, thanks for asking.")
                                                : std::string(kAbout[(vk + static_cast<std::size_t>(style)) % 5]);
            replace_all(about, "{x}", subject);
            pieces.push_back({about, 0});
            if (!ctx.help_article.empty()) {
                static constexpr std::array<std::string_view, 5> kAnswer = {
                    "This guide covers it step by step: {u}", "You'll find the answer here: {u}",
                    "Here's our guide on it: {u}", "This page walks you through it: {u}", "The steps are here: {u}"};
                std::string a(kAnswer[(va + static_cast<std::size_t>(style)) % 5]);
                replace_all(a, "{u}", ctx.help_article);
                pieces.push_back({a, 0});
                static constexpr std::array<std::string_view, 4> kFollow = {
                    "If it doesn't cover your case, reply here and {t} will help {d}.",
                    "Still stuck? Reply here and {t} will help {d}.",
                    "If anything's unclear, {t} will answer here {d}.",
                    "Need more? Just reply and {t} will get back to you {d}."};
                std::string follow(kFollow[vn % 4]);
                replace_all(follow, "{t}", f.team);
                replace_all(follow, "{d}", f.deadline);
                pieces.push_back({follow, 1});
            } else {
                static constexpr std::array<std::string_view, 3> kNo = {
                    "{T} will get you a full answer {d}.", "I've asked {t} to answer it; you'll hear back {d}.",
                    "{T} will reply here with the answer {d}."};
                std::string a(kNo[(vn + static_cast<std::size_t>(style)) % 3]);
                replace_all(a, "{T}", detail::capitalize(f.team));
                replace_all(a, "{t}", f.team);
                replace_all(a, "{d}", f.deadline);
                pieces.push_back({a, 0});
            }
            pieces.push_back({sig, 0});
        } else {
            d.kind = "acknowledge";
            static constexpr std::array<std::string_view, 6> kAck = {
                "Thanks for the mention, {n}!", "Thanks for sharing this, {n}.", "Appreciate you taking the time, {n}.",
                "Thanks for the shout, {n}!", "Good to hear from you, {n}.", "Thanks for tagging us, {n}!"};
            static constexpr std::array<std::string_view, 6> kAckAnon = {
                "Thanks for the mention!", "Thanks for sharing this.", "Appreciate you taking the time.",
                "Thanks for the shout!", "Good to hear from you.", "Thanks for tagging us!"};
            std::string t(f.name.empty() ? kAckAnon[(vg + static_cast<std::size_t>(style)) % 6]
                                         : kAck[(vg + static_cast<std::size_t>(style)) % 6]);
            replace_all(t, "{n}", f.name);
            pieces.push_back({t, 0});
            static constexpr std::array<std::string_view, 6> kMore = {
                "If there's anything we can help with, just reply here and {t} will pick it up {d}.",
                "Anything we can do for you? Reply here and {t} will get back to you {d}.",
                "If you need a hand with anything, {t} is here and will reply {d}.",
                "Need anything from us? Reply here and {t} will answer {d}.",
                "Questions? {T} is around and will reply {d}.",
                "If something's not right, tell us here and {t} will follow up {d}."};
            std::string m(kMore[(va + static_cast<std::size_t>(style)) % 6]);
            replace_all(m, "{T}", detail::capitalize(f.team));
            replace_all(m, "{t}", f.team);
            replace_all(m, "{d}", f.deadline);
            pieces.push_back({m, 1});
            pieces.push_back({sig, 0});
        }
        if (formal)
            for (auto& p : pieces) {
                p.text = formalize(p.text);
                p.shorter = formalize(p.shorter);
            }
        d.public_reply = assemble(std::move(pieces), ctx.platform);
        return d;
    }

    std::vector<Draft> draft(const ReplyContext& ctx) const {
        std::vector<Draft> out;
        if (!ctx.needs_reply) return out;
        if (std::find(rules.no_reply_categories.begin(), rules.no_reply_categories.end(), ctx.category_id) !=
            rules.no_reply_categories.end())
            return out;
        const auto mention_words = detail::split_words(ctx.mention_text);
        const Facts f = facts(ctx, mention_words);
        const Wording wd = wording(ctx, f);
        std::uint64_t seed = detail::fnv1a(ctx.mention_text, detail::fnv1a(ctx.mention_id));
        seed = detail::fnv1a(ctx.customer_handle, seed);
        std::vector<Draft> cands;
        cands.reserve(7);
        const int styles = f.complaint ? 3 : 3;
        for (int s = 0; s < styles; ++s) cands.push_back(compose(ctx, f, wd, seed, s));
        {
            std::vector<std::string_view> texts;
            for (const auto& d : cands) texts.emplace_back(d.public_reply);
            auto reports = detail::LintAccess::lint_all(linter, texts, ctx, f.pii, mention_words);
            for (std::size_t i = 0; i < cands.size(); ++i) cands[i].lint = std::move(reports[i]);
        }
        // more tries when none is clean (rare): other wording choices
        bool clean = std::any_of(cands.begin(), cands.end(), [](const Draft& d) { return d.lint.passed(); });
        for (int extra = 1; !clean && extra <= 4; ++extra) {
            Draft d = compose(ctx, f, wd, seed + static_cast<std::uint64_t>(extra) * 0x51ED27ULL, 0);
            d.lint = std::move(
                detail::LintAccess::lint_all(linter, {std::string_view(d.public_reply)}, ctx, f.pii, mention_words)[0]);
            clean = d.lint.passed();
            cands.push_back(std::move(d));
        }
        // clean ones first, then by score; ties keep their order (a stable insertion sort of at most 7 indices)
        auto before = [](const Draft& a, const Draft& b) {
            if (a.lint.passed() != b.lint.passed()) return a.lint.passed();
            return a.lint.score > b.lint.score;
        };
        std::size_t order[8];
        const std::size_t n = cands.size();
        for (std::size_t k = 0; k < n; ++k) {
            std::size_t j = k;
            while (j > 0 && before(cands[k], cands[order[j - 1]])) {
                order[j] = order[j - 1];
                --j;
            }
            order[j] = k;
        }
        for (std::size_t k = 0; k < n; ++k) {
            Draft& d = cands[order[k]];
            // the first of identical replies only
            if (std::any_of(out.begin(), out.end(), [&](const Draft& o) { return o.public_reply == d.public_reply; }))
                continue;
            d.rank = static_cast<int>(out.size()) + 1;
            out.push_back(std::move(d));
            if (out.size() == 3) break;
        }
        return out;
    }
};

Drafter::Drafter(const ReplyRules& rules) : impl_(std::make_unique<Impl>(rules)) {}
Drafter::~Drafter() = default;
Drafter::Drafter(Drafter&&) noexcept = default;
Drafter& Drafter::operator=(Drafter&&) noexcept = default;

std::vector<Draft> Drafter::draft(const ReplyContext& ctx) const { return impl_->draft(ctx); }
const ReplyLinter& Drafter::linter() const noexcept { return impl_->linter; }

std::vector<Draft> draft_replies(const ReplyContext& ctx, const ReplyRules& rules) { return Drafter(rules).draft(ctx); }

} // namespace earshot

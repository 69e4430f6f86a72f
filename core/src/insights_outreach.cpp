// Proactive outreach when an incident is fixed: one personal follow-up per affected customer plus a public post.

#include "earshot/insights.hpp"

#include <algorithm>

namespace earshot::insights {

namespace {

/// "24 Nov" (UTC) from Unix ms.
std::string day_month(std::int64_t ms) {
    std::int64_t days = ms / 86'400'000;
    if (ms % 86'400'000 < 0) --days;
    // civil_from_days (Howard Hinnant)
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const std::int64_t doe = days - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return std::to_string(d) + " " + months[(m - 1) % 12];
}

bool private_entity(std::string_view type) {
    return !(type == "flight_number" || type == "product" || type == "place" || type == "location" ||
             type == "store" || type == "amount" || type == "fee" || type == "date" || type == "time");
}

std::string describe_entity(const EntityRef& e, bool public_channel) {
    if (e.type == "flight_number") return "flight " + e.value;
    if (e.type == "product") return "your " + (e.text.empty() ? e.value : e.text);
    if (e.type == "place" || e.type == "location" || e.type == "store") return "at " + (e.text.empty() ? e.value : e.text);
    if ((e.type == "amount" || e.type == "fee") && !public_channel) return "the " + (e.text.empty() ? e.value : e.text) + " charge";
    return {};
}

std::string trim_sentence(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '.' || s.back() == '!' || s.back() == '\n')) s.pop_back();
    return s;
}

/// "We rebooked" -> "we rebooked" after a colon; "UA1234 ..." stays.
std::string decapitalize(std::string s) {
    if (s.size() > 1 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'a' && s[1] <= 'z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
    return s;
}

std::string capitalize(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

/// Cuts text to at most max code points at a word boundary, adding "…".
std::string shorten(const std::string& s, std::size_t max) {
    if (utf8_length(s) <= max) return s;
    std::string out;
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if ((c & 0xC0) != 0x80) {
            if (n + 1 >= max) break;
            ++n;
        }
        out += s[i];
    }
    const auto sp = out.find_last_of(' ');
    if (sp != std::string::npos && sp > out.size() / 2) out.resize(sp);
    return trim_sentence(out) + "…";
}

/// "flight UA1234 (bag, delayed)" in the customer's own terms; never private identifiers.
std::string their_case(const AffectedCustomer& a, const Incident& inc, bool public_channel) {
    std::vector<std::string> parts;
    for (const auto& e : a.entities) {
        if (private_entity(e.type)) continue;
        auto d = describe_entity(e, public_channel);
        if (!d.empty() && std::find(parts.begin(), parts.end(), d) == parts.end()) parts.push_back(d);
        if (parts.size() == 2) break;
    }
    std::string parts_lower;
    for (const auto& p : parts)
        for (char c : p) parts_lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    std::string words;
    {
        // Their own words, preferring the incident's common terms, in their order.
        std::string kept;
        int n = 0;
        std::string summary = a.case_summary;
        std::size_t pos = 0;
        while (pos < summary.size() && n < 4) {
            auto sp = summary.find(' ', pos);
            if (sp == std::string::npos) sp = summary.size();
            const std::string w = summary.substr(pos, sp - pos);
            pos = sp + 1;
            if (w.empty() || parts_lower.find(w) != std::string::npos) continue;
            const bool common = std::find(inc.terms.begin(), inc.terms.end(), w) != inc.terms.end();
            if (!common && n >= 2) continue;
            if (!kept.empty()) kept += ", ";
            kept += w;
            ++n;
        }
        words = kept;
    }
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : " ") + p;
    if (!words.empty()) out += out.empty() ? words : " (" + words + ")";
    if (out.empty()) out = inc.category_label.empty() ? inc.category : inc.category_label;
    return out;
}

std::string channel_for(std::string_view platform) {
    if (platform == "email") return "email";
    if (platform == "review") return "review_reply";
    if (platform == "dm" || platform == "chat" || platform == "whatsapp") return "direct_message";
    return "public_reply";
}

std::string topic_of(const Incident& inc) {
    std::string t;
    if (!inc.entities.empty()) {
        const auto& e = inc.entities.front().entity;
        if (!private_entity(e.type)) t = e.type == "flight_number" ? "flight " + e.value : e.value;
    }
    std::string words;
    for (std::size_t i = 0; i < inc.terms.size() && i < 2; ++i) words += (words.empty() ? "" : ", ") + inc.terms[i];
    if (!words.empty()) t += t.empty() ? words : " (" + words + ")";
    if (t.empty()) t = inc.category_label.empty() ? inc.category : inc.category_label;
    return t;
}

} // namespace

std::size_t platform_reply_limit(std::string_view platform) noexcept {
    if (platform == "x" || platform == "twitter") return 280;
    if (platform == "instagram") return 2200;
    if (platform == "facebook") return 8000;
    if (platform == "review") return 4000;
    if (platform == "email") return 10000;
    return 1000;
}

OutreachPlan plan_outreach(const Incident& inc, std::string_view fix_note, const OutreachStyle& style) {
    OutreachPlan plan;
    plan.incident_id = inc.id;
    const std::string note = trim_sentence(std::string(fix_note));
    const std::string sig = style.signature.empty() ? "" : " " + style.signature;
    for (const auto& a : inc.affected) {
        if (a.followed_up) continue;
        OutreachDraft d;
        d.incident_id = inc.id;
        d.author = a.author;
        d.mention_id = a.mention_id;
        d.platform = a.platform;
        d.channel = channel_for(a.platform);
        d.max_chars = platform_reply_limit(a.platform);
        const bool is_public = d.channel == "public_reply" || d.channel == "review_reply";
        const std::string when = day_month(a.at_ms);
        const std::string handle = (!a.author.empty() && a.author[0] == '@') ? a.author : std::string();
        const std::string what = their_case(a, inc, is_public);
        const std::string next = "If anything is still not right, reply here and our team will pick it up within 24 hours.";
        if (d.channel == "email") {
            d.text = "Hello,\n\nYou wrote to us on " + when + " about " + what +
                     ". We're really sorry, that was not good enough, and thank you for telling us about it.\n\nIt is fixed now: " +
                     decapitalize(note) + ".\n\nIf anything is still not right, just reply to this email and our team will pick it up within "
                     "24 hours.\n\n" + (style.signature.empty() ? style.brand : style.signature);
        } else if (d.channel == "review_reply") {
            d.text = "Thank you for your review of " + when + " about " + what + ". We're really sorry it let you down. " +
                     "We have fixed the cause: " + decapitalize(note) + ". " + next + sig;
        } else {
            const std::string lead = handle.empty() ? "" : handle + " ";
            const std::string head = lead + "Following up on your message of " + when + " about " + what +
                                     ". We're really sorry, that was not good enough. ";
            const std::string tail = ". " + next + " Thanks for flagging it." + sig;
            std::string text = head + capitalize(note) + tail;
            if (utf8_length(text) > d.max_chars) {
                // Short form: keep the case, the note (shortened if it must be), the apology and the next step.
                const std::string head2 = lead + "Re your message of " + when + " about " + what + ": really sorry. ";
                const std::string tail2 = ". Still not right? Reply here and we'll fix it within 24 hours. Thanks!" + sig;
                const std::size_t fixed_len = utf8_length(head2) + utf8_length(tail2);
                const std::size_t room = d.max_chars > fixed_len + 20 ? d.max_chars - fixed_len : 20;
                text = head2 + capitalize(shorten(note, room)) + tail2;
                if (utf8_length(text) > d.max_chars) {
                    const std::string head3 = lead + "Re your message of " + when + ": really sorry. ";
                    const std::size_t fixed3 = utf8_length(head3) + utf8_length(tail2);
                    const std::size_t room3 = d.max_chars > fixed3 + 10 ? d.max_chars - fixed3 : 10;
                    text = head3 + capitalize(shorten(note, room3)) + tail2;
                }
            }
            d.text = text;
        }
        plan.drafts.push_back(std::move(d));
    }
    auto& p = plan.status_post;
    p.incident_id = inc.id;
    p.platform = "x";
    p.channel = "status_post";
    p.max_chars = 280;
    const std::string link = style.status_url.empty() ? "" : " More: " + style.status_url;
    const std::string head = "Update: the problem with " + topic_of(inc) + " is fixed. ";
    const std::string tail = ". Thank you to everyone who reported it, and sorry for the disruption." + link + sig;
    std::string text = head + note + tail;
    if (utf8_length(text) > p.max_chars) {
        const std::size_t room = p.max_chars > utf8_length(head) + utf8_length(tail) ? p.max_chars - utf8_length(head) - utf8_length(tail) : 20;
        text = head + shorten(note, std::max<std::size_t>(room, 20)) + tail;
    }
    p.text = text;
    return plan;
}

} // namespace earshot::insights

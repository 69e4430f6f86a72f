#include "earshot/lint.hpp"

#include "earshot/pii.hpp"
#include "earshot/tokenizer.hpp"
#include "earshot/utf8.hpp"

#include "reply_text.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <set>

namespace earshot {

using detail::PhraseMatch;
using detail::PhraseSet;
using detail::Word;

// ---------------------------------------------------------------------------------------------------------------
// ReplyContext helpers

bool ReplyContext::has_signal(const std::string& s) const {
    return std::find(signals.begin(), signals.end(), s) != signals.end();
}

int ReplyContext::intensity() const {
    const bool angry = has_signal("all_caps") || has_signal("churn_threat") || sentiment <= -0.6;
    if (has_signal("legal_threat") || has_signal("safety") || (angry && has_signal("repeat_contact"))) return 3;
    if (angry) return 2;
    if (complaint || sentiment < -0.05) return 1;
    return 0;
}

std::string ReplyContext::address_name() const {
    // first word of the display name when it looks like a first name
    std::string_view n = customer_name;
    while (!n.empty() && n.front() == ' ') n.remove_prefix(1);
    std::size_t k = 0;
    while (k < n.size() && ((n[k] >= 'a' && n[k] <= 'z') || (n[k] >= 'A' && n[k] <= 'Z') || n[k] == '-' ||
                            n[k] == '\'' || static_cast<unsigned char>(n[k]) >= 0x80))
        ++k;
    std::string_view first = n.substr(0, k);
    bool boundary = k == n.size() || n[k] == ' ';
    if (first.size() >= 2 && boundary && first.front() >= 'A' && first.front() <= 'Z') {
        bool has_lower = false;
        for (char c : first)
            if (c >= 'a' && c <= 'z') has_lower = true;
        if (has_lower) return std::string(first);
    }
    if (!customer_handle.empty()) return customer_handle.front() == '@' ? customer_handle : "@" + customer_handle;
    return "";
}

std::string team_phrase(const std::string& name) {
    const std::string_view team = name.empty() ? std::string_view("support") : std::string_view(name);
    auto ends = [&](std::string_view w) {
        if (team.size() < w.size()) return false;
        const std::string_view tail = team.substr(team.size() - w.size());
        for (std::size_t k = 0; k < w.size(); ++k) {
            char c = tail[k];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
            if (c != w[k]) return false;
        }
        return true;
    };
    const bool has_noun = ends("team") || ends("desk") || ends("crew") || ends("department") || ends("specialists") ||
                          ends("office") || ends("staff");
    std::string out;
    out.reserve(team.size() + 9);
    out += "our ";
    out += team;
    if (!has_noun) out += " team";
    return out;
}

std::string deadline_phrase(int minutes) {
    if (minutes <= 0) return "within 24 hours";
    if (minutes <= 15) return "within 15 minutes";
    if (minutes <= 30) return "within 30 minutes";
    if (minutes <= 45) return "within 45 minutes";
    if (minutes <= 60) return "within the hour";
    if (minutes <= 48 * 60) {
        int hours = (minutes + 59) / 60;
        return "within " + std::to_string(hours) + " hours";
    }
    int days = (minutes + 24 * 60 - 1) / (24 * 60);
    return "within " + std::to_string(days) + " days";
}

// ---------------------------------------------------------------------------------------------------------------

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

// Keeps the case of the original's first letter.
std::string match_case(std::string_view original, std::string replacement) {
    if (!original.empty() && original.front() >= 'A' && original.front() <= 'Z')
        return detail::capitalize(std::move(replacement));
    return replacement;
}

// X counts these ranges as 1, everything else as 2 (twitter-text v3 weighting).
int x_weight(char32_t cp) {
    if (cp <= 0x10FF) return 1;
    if (cp >= 0x2000 && cp <= 0x200D) return 1;
    if (cp >= 0x2010 && cp <= 0x201F) return 1;
    if (cp >= 0x2032 && cp <= 0x2037) return 1;
    return 2;
}

bool word_has_letters(const Word& w) {
    for (char c : w.norm)
        if ((c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80) return true;
    return false;
}

// What the linter reads from the tokenizer: link tokens (length on weighted platforms), the first emoji/emoticon
// (tone, to an angry customer), ALL-CAPS words of 3+ letters and the stats behind TextStats::shouting(), and runs of
// two or more '!'. Whitespace ends every token (tokenizer.hpp), so each whitespace-separated chunk can be judged on
// its own; the byte checks below are supersets of what the tokenizer can find in a chunk.
struct ChunkRisk {
    bool caps = false;  ///< may hold an ALL-CAPS word of 3+ letters (3+ ASCII capitals, or non-ASCII)
    bool bangs = false; ///< may hold a run of two or more '!'
    bool link = false;  ///< may hold a link ("://", "www.x", "example.com")
    bool emo = false;   ///< may hold an emoji (non-ASCII) or an ASCII emoticon (two-byte starts of all of them)
};

// Link/emoticon risk of the ASCII byte s[k] (s: a chunk, or a whole text whose whitespace ends chunks); has_next:
// s[k + 1] is in the same chunk.
inline void byte_risk(std::string_view s, std::size_t k, bool has_next, bool& link, bool& emo) {
    const auto ch = static_cast<unsigned char>(s[k]);
    const char n = has_next ? s[k + 1] : '\0';
    auto alpha = [&](std::size_t at) {
        return at < s.size() && ((s[at] >= 'a' && s[at] <= 'z') || (s[at] >= 'A' && s[at] <= 'Z'));
    };
    // A link (tokenizer.cpp, try_url) holds "://" (http/https), "www." (any case) with more after it, or, as a bare
    // domain, a '.' followed by a TLD of two or more ASCII letters.
    if (ch == ':' && n == '/') link = true;
    if (ch == '.' && has_next && ((k > 0 && (s[k - 1] == 'w' || s[k - 1] == 'W')) || (alpha(k + 1) && alpha(k + 2))))
        link = true;
    if (!has_next) return;
    switch (ch) {
    case ':': emo = true; break; // ":)", ":-(", ":'(", ":D", ...
    case '>': emo = emo || n == ':'; break;
    case ';': emo = emo || n == ')' || n == '-'; break;
    case '<': emo = emo || n == '3' || n == '/'; break;
    case '^': emo = emo || n == '_' || n == '^'; break;
    case '-':
    case 'T': emo = emo || n == '_'; break;
    case '=': emo = emo || n == ')' || n == '('; break;
    case 'X':
    case 'x': emo = emo || n == 'D'; break;
    default: break;
    }
}

// Byte classes for the one-pass check in tokenize_for_lint: whitespace, capitals, '!', and the bytes byte_risk
// (or a non-ASCII byte) can flag.
enum : std::uint8_t { kSp = 1, kUp = 2, kBang = 4, kOdd = 8 };
constexpr std::array<std::uint8_t, 256> kByteClass = [] {
    std::array<std::uint8_t, 256> t{};
    for (char c : {' ', '\t', '\n', '\r'}) t[static_cast<unsigned char>(c)] = kSp;
    for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = kUp;
    t['!'] = kBang;
    for (char c : {':', '.', '>', ';', '<', '^', '-', '=', 'x'}) t[static_cast<unsigned char>(c)] = kOdd;
    t['T'] = t['X'] = kUp | kOdd;
    for (int c = 0x80; c < 0x100; ++c) t[static_cast<std::size_t>(c)] = kOdd;
    return t;
}();

Tokenized tokenize_for_lint_chunks(std::string_view text, bool want_links, bool want_emo);

ChunkRisk chunk_risk(std::string_view c) {
    ChunkRisk r;
    int caps = 0, bangs = 0;
    for (std::size_t k = 0; k < c.size(); ++k) {
        const auto ch = static_cast<unsigned char>(c[k]);
        const std::uint8_t f = kByteClass[ch];
        if (!f) continue; // byte_risk flags nothing else
        if (ch >= 0x80) {
            r.caps = r.emo = true;
            continue;
        }
        if ((f & kUp) && ++caps >= 3) r.caps = true;
        if ((f & kBang) && ++bangs >= 2) r.bangs = true;
        if (f & kOdd) byte_risk(c, k, k + 1 < c.size(), r.link, r.emo);
    }
    return r;
}

// False when text certainly holds no link token (byte_risk's link test at every ':' and '.', found with memchr).
bool may_hold_link(std::string_view text) {
    const char* const base = text.data();
    const std::size_t n = text.size();
    for (char c : {':', '.'})
        for (const void* hit = std::memchr(base, c, n); hit;) {
            const auto k = static_cast<std::size_t>(static_cast<const char*>(hit) - base);
            const bool has_next = k + 1 < n && !(kByteClass[static_cast<unsigned char>(text[k + 1])] & kSp);
            bool link = false, emo = false;
            byte_risk(text, k, has_next, link, emo);
            if (link) return true;
            hit = k + 1 < n ? std::memchr(base + k + 1, c, n - k - 1) : nullptr;
        }
    return false;
}

// lower_ascii(text).find(needle) != npos for a needle already lowercase (ASCII), without copying text.
bool contains_lower(std::string_view text, std::string_view needle) {
    if (needle.empty()) return true;
    if (needle.size() > text.size()) return false;
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    const char first = needle[0];
    for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
        if (lower(text[i]) != first) continue;
        std::size_t k = 1;
        while (k < needle.size() && lower(text[i + k]) == needle[k]) ++k;
        if (k == needle.size()) return true;
    }
    return false;
}

// True when every byte is ASCII (eight at a time).
bool all_ascii(std::string_view text) {
    std::size_t k = 0;
    for (; k + 8 <= text.size(); k += 8) {
        std::uint64_t w;
        std::memcpy(&w, text.data() + k, 8);
        if (w & 0x8080808080808080ULL) return false;
    }
    for (; k < text.size(); ++k)
        if (static_cast<unsigned char>(text[k]) >= 0x80) return false;
    return true;
}

// tokenize(text) as far as the linter reads it (see ChunkRisk): links only when want_links, emoji/emoticons only
// when want_emo. When no chunk may hold capitals or '!!', shouting() is false whatever the word count, so only the
// chunks that may hold a wanted link/emoji are tokenised (the rest blanked, offsets unchanged); otherwise the whole
// text is. Without such chunks the tokenizer does not run.
Tokenized tokenize_for_lint(std::string_view text, bool want_links, bool want_emo) {
    // One pass first: a chunk with 3+ capitals or two '!' (then the whole text), else whether any chunk may hold a
    // wanted link/emoji at all (most replies hold none).
    {
        int caps = 0, bangs = 0;
        bool link = false, emo = false;
        for (std::size_t k = 0; k < text.size(); ++k) {
            const auto ch = static_cast<unsigned char>(text[k]);
            const std::uint8_t f = kByteClass[ch];
            if (!f) continue;
            if (f & kSp) {
                caps = bangs = 0;
                continue;
            }
            if ((f & kUp) && ++caps >= 3) return tokenize(text);
            if ((f & kBang) && ++bangs >= 2) return tokenize(text);
            if (f & kOdd) {
                if (ch >= 0x80) return tokenize_for_lint_chunks(text, want_links, want_emo);
                const bool has_next = k + 1 < text.size() && !(kByteClass[static_cast<unsigned char>(text[k + 1])] & kSp);
                byte_risk(text, k, has_next, link, emo);
            }
        }
        if (!(want_links && link) && !(want_emo && emo)) return {};
    }
    return tokenize_for_lint_chunks(text, want_links, want_emo);
}

// The chunk-by-chunk part of tokenize_for_lint.
// Without a chunk that may hold capitals or '!!' (then the whole text), only the chunks that may hold a wanted
// link/emoji are tokenised, each on its own (whitespace ends every token, so a chunk's tokens are the same alone as
// in the text), and their tokens returned in order with text offsets. The stats are then left empty: what lint reads
// of them (shouting(), max_exclamations >= 2) is false without such chunks.
Tokenized tokenize_for_lint_chunks(std::string_view text, bool want_links, bool want_emo) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    std::vector<std::pair<std::size_t, std::size_t>> risky;
    bool all = true;
    std::size_t i = 0;
    while (i < text.size()) {
        if (space(text[i])) {
            ++i;
            continue;
        }
        std::size_t e = i;
        while (e < text.size() && !space(text[e])) ++e;
        const ChunkRisk r = chunk_risk(text.substr(i, e - i));
        if (r.caps || r.bangs) return tokenize(text);
        if ((want_links && r.link) || (want_emo && r.emo)) risky.emplace_back(i, e);
        else all = false;
        i = e;
    }
    if (risky.empty()) return {};
    if (all) return tokenize(text);
    Tokenized out;
    for (auto [b, e] : risky) {
        Tokenized part = tokenize(text.substr(b, e - b));
        for (auto& t : part.tokens) {
            t.begin += static_cast<std::uint32_t>(b);
            t.end += static_cast<std::uint32_t>(b);
            out.tokens.push_back(std::move(t));
        }
    }
    return out;
}

} // namespace

struct ReplyLinter::Impl {
    ReplyRules rules;
    PiiDetector pii;
    PhraseSet no_problem, robotic, blame, non_apology, apology, empathy, thanks, redirect, redirect_reason, next_step,
        vague_time, compensation, approved, comp_exceptions, condescending, request_cue, data_request, sensitive,
        negation;

    explicit Impl(const ReplyRules& r)
        : rules(r), pii(r.pii), no_problem(r.no_problem), robotic(r.robotic), blame(r.blame), non_apology(r.non_apology),
          apology(r.apology), empathy(r.empathy), thanks(r.thanks), redirect(r.redirect),
          redirect_reason(r.redirect_reason), next_step(r.next_step), vague_time(r.vague_time),
          compensation(r.compensation), approved(r.approved_compensation), comp_exceptions(r.compensation_exceptions),
          condescending(r.condescending), request_cue(r.request_cue), data_request(r.data_request),
          sensitive(r.sensitive_request), negation({"never", "not", "don't", "do not", "won't", "will not"}) {
        PhraseSet* sets[] = {&no_problem, &robotic,     &blame,       &non_apology,     &apology,
                             &empathy,    &thanks,      &redirect,    &redirect_reason, &next_step,
                             &vague_time, &compensation, &comp_exceptions, &condescending, &request_cue,
                             &data_request, &sensitive, &negation};
        for (std::uint32_t k = 0; k < std::size(sets); ++k) index.add(*sets[k], 1u << k);
        compile_wording_stems();
    }

    // All phrase lists in one index: one lookup per word says which lists may match there.
    detail::PhraseIndex index;
    static std::uint32_t bit(const PhraseSet& s) { return s.index_bit(); }

    bool enabled(const char* rule) const { return !contains(rules.disabled_rules, rule); }

    int limit(const std::string& platform) const {
        if (auto it = rules.limits.find(platform); it != rules.limits.end()) return it->second;
        return rules.default_limit;
    }

    // Weighted length; sets cut to the byte where the count first exceeds max (or text.size()).
    int measure(std::string_view text, const std::string& platform, int max, std::size_t& cut,
                const Tokenized* tokens = nullptr) const {
        const bool weighted = contains(rules.weighted_platforms, platform);
        std::vector<std::pair<std::uint32_t, std::uint32_t>> urls;
        if (weighted) {
            Tokenized local;
            if (!tokens && may_hold_link(text)) {
                local = tokenize_for_lint(text, true, false);
                tokens = &local;
            }
            if (tokens)
                for (const auto& t : tokens->tokens)
                    if (t.kind == TokenKind::Url) urls.emplace_back(t.begin, t.end);
        }
        cut = text.size();
        if (urls.empty() && all_ascii(text)) {
            // ASCII without links: one per character on every platform
            const int count = static_cast<int>(text.size());
            if (count > max) cut = max < 0 ? 0 : static_cast<std::size_t>(max);
            return count;
        }
        int count = 0;
        std::size_t u = 0;
        std::size_t i = 0;
        while (i < text.size()) {
            int add = 0;
            std::size_t next = 0;
            if (u < urls.size() && i == urls[u].first) {
                add = rules.url_length;
                next = urls[u].second;
                ++u;
            } else {
                auto d = utf8::decode(text, i);
                add = weighted ? x_weight(d.cp) : 1;
                next = i + d.len;
            }
            if (count + add > max && cut == text.size()) cut = i;
            count += add;
            i = next;
        }
        return count;
    }

    bool is_private(const std::string& platform) const { return contains(rules.private_platforms, platform); }

    // Signature template with {initials} / {agent} / {name} / {brand} placeholders.
    bool signature_at(std::string_view t, std::size_t pos, std::string_view tpl, const std::string& brand) const {
        std::size_t i = pos, k = 0;
        while (k < tpl.size()) {
            if (tpl[k] == '{') {
                auto close = tpl.find('}', k);
                if (close == std::string_view::npos) return false;
                std::string_view ph = tpl.substr(k + 1, close - k - 1);
                k = close + 1;
                if (ph == "initials") {
                    std::size_t n = 0;
                    while (i < t.size() && n < 3 && t[i] >= 'A' && t[i] <= 'Z') ++i, ++n;
                    if (n == 0) return false;
                } else if (ph == "agent" || ph == "name") {
                    if (i >= t.size() || t[i] < 'A' || t[i] > 'Z') return false;
                    ++i;
                    while (i < t.size() && ((t[i] >= 'a' && t[i] <= 'z') || static_cast<unsigned char>(t[i]) >= 0x80))
                        ++i;
                } else if (ph == "brand") {
                    if (t.substr(i, brand.size()) != brand) return false;
                    i += brand.size();
                } else {
                    return false;
                }
                continue;
            }
            if (i >= t.size() || t[i] != tpl[k]) return false;
            ++i, ++k;
        }
        return true;
    }

    bool has_signature(std::string_view reply, const std::string& brand) const {
        const std::string& tpl = rules.signature;
        if (tpl.empty()) return true;
        if (reply.find(tpl) != std::string_view::npos) return true;
        for (std::size_t p = 0; p < reply.size(); ++p)
            if (reply[p] == tpl[0] || tpl[0] == '{')
                if (signature_at(reply, p, tpl, brand)) return true;
        return false;
    }

    // What lint needs from the mention, computed once for several replies to it.
    struct Prepared {
        std::vector<PiiSpan> mention_pii;
        std::vector<std::uint64_t> ack_stems; ///< sorted hashes of stems that acknowledge the problem
        std::string deadline, team, channel;
        // the context's facts every reply is checked against
        int intensity = 0;
        bool is_question = false, is_praise = false, needs_fix = false, weighted = false;
        // lowercase category keywords and entity texts that acknowledge / entity texts that personalise; made on
        // first need (most replies are settled by their words)
        const ReplyContext* ctx = nullptr;
        mutable bool texts_ready = false;
        mutable std::vector<std::string> ack_texts, personal_texts;
        mutable bool kinds_ready = false;
        mutable std::set<std::string> mention_kinds; ///< kinds of personal data the mention already gave
        const std::set<std::string>& kinds() const {
            if (!kinds_ready) {
                kinds_ready = true;
                for (const auto& s : mention_pii) mention_kinds.insert(to_string(s.kind));
                for (const auto& e : ctx->entities) {
                    if (e.type == "order_number") mention_kinds.insert("order");
                    if (e.type == "booking_reference") mention_kinds.insert("booking");
                    if (e.type == "email") mention_kinds.insert("email");
                    if (e.type == "phone") mention_kinds.insert("phone");
                }
            }
            return mention_kinds;
        }
        void make_texts() const {
            if (texts_ready) return;
            texts_ready = true;
            for (const auto& k : ctx->category_keywords)
                if (!k.empty()) ack_texts.push_back(detail::lower_ascii(k));
            for (const auto& e : ctx->entities) {
                if (e.text.empty()) continue;
                if (e.type != "handle" && e.type != "url") ack_texts.push_back(detail::lower_ascii(e.text));
                if (e.type == "flight_number" || e.type == "product" || e.type == "amount" || e.type == "place")
                    personal_texts.push_back(detail::lower_ascii(e.text));
            }
        }
        std::string first, handle;               ///< address name and handle without '@'
        std::string lower_first, lower_handle;
    };

    // A content word of a text and its stem hash, for the acknowledgement check.
    struct AckStem {
        std::string norm;
        std::uint64_t stem = 0;
    };
    // Content words of each category wording's problem phrases (compiled once), by CategoryWording index.
    std::vector<std::vector<AckStem>> wording_stems;

    // Calls sink(norm, stem hash) for each content word of ws.
    template <class Sink> static void each_content_stem(const std::vector<Word>& ws, Sink&& sink) {
        for (std::size_t i = 0; i < ws.size(); ++i) {
            const auto& w = ws[i];
            if (w.punct || w.norm.size() < 3 || !word_has_letters(w) || detail::is_stopword(w.norm)) continue;
            if (i > 0 && std::string_view(ws[i - 1].norm) == "@" && ws[i - 1].end == w.begin) continue; // a handle
            if (i > 0 && std::string_view(ws[i - 1].norm) == "#" && ws[i - 1].end == w.begin) continue; // a hashtag
            static constexpr std::string_view kGeneric[] = {
                "sorry", "help", "team",  "thank",  "thanks", "please", "customer", "service", "problem", "issue",  "hour",
                "reply", "here", "within", "look", "hope",   "best",   "support",  "company", "experience", "week", "feel"};
            const std::string_view nw = w.norm;
            if (std::find(std::begin(kGeneric), std::end(kGeneric), nw) != std::end(kGeneric)) continue;
            sink(nw, detail::fnv1a(detail::stem(w.norm)));
        }
    }

    static void content_stems(std::string_view text, const std::vector<Word>& ws, std::vector<AckStem>& out) {
        (void)text;
        each_content_stem(ws, [&](std::string_view norm, std::uint64_t stem) { out.push_back({std::string(norm), stem}); });
    }

    void compile_wording_stems() {
        wording_stems.resize(rules.categories.size());
        for (std::size_t c = 0; c < rules.categories.size(); ++c)
            for (const auto& ph : rules.categories[c].problem) {
                std::string plain;
                for (char ch : ph)
                    if (ch != '{' && ch != '}') plain.push_back(ch);
                content_stems(plain, detail::split_words(plain), wording_stems[c]);
            }
    }

    Prepared prepare(const ReplyContext& ctx, std::vector<PiiSpan>* mention_pii = nullptr,
                     const std::vector<Word>* mention_words = nullptr) const {
        Prepared p;
        std::vector<Word> own;
        if (!mention_words) {
            own = detail::split_words(ctx.mention_text);
            mention_words = &own;
        }
        p.mention_pii = mention_pii ? std::move(*mention_pii) : detail::PiiAccess::detect(pii, ctx.mention_text, *mention_words);
        const std::string brand = detail::lower_ascii(ctx.brand);
        // content stems of the mention, the category label and the category's wording, except the brand's name
        auto keep = [&](std::string_view norm, std::uint64_t stem) {
            if (brand.empty() || norm != brand) p.ack_stems.push_back(stem);
        };
        each_content_stem(*mention_words, keep);
        if (!ctx.category_label.empty() && ctx.category_id != "other")
            each_content_stem(detail::split_words(ctx.category_label), keep);
        if (const auto* cw = find_category_wording(rules, ctx.category_id))
            for (const auto& st : wording_stems[static_cast<std::size_t>(cw - rules.categories.data())]) keep(st.norm, st.stem);
        std::sort(p.ack_stems.begin(), p.ack_stems.end());
        p.ack_stems.erase(std::unique(p.ack_stems.begin(), p.ack_stems.end()), p.ack_stems.end());
        p.deadline = deadline_phrase(ctx.respond_within_minutes > 0 ? ctx.respond_within_minutes
                                                                    : rules.default_follow_up_minutes);
        p.team = team_phrase(ctx.team);
        auto it = rules.private_channel.find(ctx.platform);
        p.channel = it == rules.private_channel.end() ? std::string("private message") : it->second;
        p.intensity = ctx.intensity();
        p.is_question = ctx.has_signal("question") || ctx.category_id == "question";
        p.is_praise = ctx.has_signal("praise") || ctx.category_id == "praise";
        p.needs_fix = ctx.complaint || ctx.has_signal("legal_threat") || ctx.has_signal("safety");
        p.weighted = contains(rules.weighted_platforms, ctx.platform);
        p.ctx = &ctx;
        p.first = ctx.address_name();
        p.handle = ctx.customer_handle;
        if (!p.handle.empty() && p.handle.front() == '@') p.handle.erase(0, 1);
        if (!p.first.empty() && p.first.front() == '@') p.first.erase(0, 1);
        p.lower_first = detail::lower_ascii(p.first);
        p.lower_handle = detail::lower_ascii(p.handle);
        return p;
    }

    LintReport lint(std::string_view reply, const ReplyContext& ctx) const { return lint(reply, ctx, prepare(ctx)); }
    LintReport lint(std::string_view reply, const ReplyContext& ctx, const Prepared& prep) const;
};

ReplyLinter::ReplyLinter(const ReplyRules& rules) : impl_(std::make_unique<Impl>(rules)) {}
ReplyLinter::~ReplyLinter() = default;
ReplyLinter::ReplyLinter(ReplyLinter&&) noexcept = default;
ReplyLinter& ReplyLinter::operator=(ReplyLinter&&) noexcept = default;

LintReport ReplyLinter::lint(std::string_view reply, const ReplyContext& ctx) const { return impl_->lint(reply, ctx); }
int ReplyLinter::measure(std::string_view text, const std::string& platform) const {
    std::size_t cut = 0;
    return impl_->measure(text, platform, 1 << 30, cut);
}
int ReplyLinter::limit(const std::string& platform) const { return impl_->limit(platform); }
bool ReplyLinter::is_private(const std::string& platform) const { return impl_->is_private(platform); }
const ReplyRules& ReplyLinter::rules() const noexcept { return impl_->rules; }

LintReport lint(std::string_view reply, const ReplyContext& ctx, const ReplyRules& rules) {
    return ReplyLinter(rules).lint(reply, ctx);
}

std::vector<LintReport> ReplyLinter::lint_all(const std::vector<std::string>& replies, const ReplyContext& ctx) const {
    return lint_all(replies, ctx, impl_->pii.detect(ctx.mention_text));
}

std::vector<LintReport> detail::LintAccess::lint_all(const ReplyLinter& linter, const std::vector<std::string_view>& replies,
                                                    const ReplyContext& ctx, std::vector<PiiSpan> mention_pii,
                                                    const std::vector<Word>& mention_words) {
    const auto prep = linter.impl_->prepare(ctx, &mention_pii, &mention_words);
    std::vector<LintReport> out;
    out.reserve(replies.size());
    for (const auto& r : replies) out.push_back(linter.impl_->lint(r, ctx, prep));
    return out;
}

std::vector<LintReport> ReplyLinter::lint_all(const std::vector<std::string>& replies, const ReplyContext& ctx,
                                              std::vector<PiiSpan> mention_pii) const {
    const auto prep = impl_->prepare(ctx, &mention_pii);
    std::vector<LintReport> out;
    out.reserve(replies.size());
    for (const auto& r : replies) out.push_back(impl_->lint(r, ctx, prep));
    return out;
}

LintReport ReplyLinter::Impl::lint(std::string_view reply, const ReplyContext& ctx, const Prepared& prep) const {
    LintReport report;
    std::vector<LintFinding>& out = report.findings;
    const auto words = detail::split_words(reply);
    std::vector<std::uint32_t> masks;
    index.masks(words, masks);
    const std::uint32_t* mk = masks.data();
    std::uint32_t present = 0; // the lists that may match somewhere in the reply
    for (std::uint32_t m : masks) present |= m;
    auto found = [&](const PhraseSet& set) {
        std::vector<PhraseMatch> ms;
        if (present & bit(set)) set.find(words, ms, 0, words.size(), mk, bit(set));
        return ms;
    };
    // Links on weighted platforms, emoji to an angry customer, ALL-CAPS words and runs of '!' come from the tokenizer.
    const Tokenized tk =
        tokenize_for_lint(reply, prep.weighted, ctx.complaint && prep.intensity >= 2);
    const auto& mention_pii = prep.mention_pii;
    const auto sents = detail::sentences(reply, words);
    const std::string& deadline = prep.deadline;
    const std::string& team = prep.team;
    const std::string& channel = prep.channel;
    const bool is_question = prep.is_question;
    const bool is_praise = prep.is_praise;
    const bool needs_fix = prep.needs_fix;

    auto add = [&](const char* rule, std::size_t b, std::size_t e, std::string why, std::string fix,
                   const std::string* replacement = nullptr) {
        if (!enabled(rule)) return;
        LintFinding f;
        f.rule = rule;
        f.begin = static_cast<std::uint32_t>(b);
        f.end = static_cast<std::uint32_t>(e);
        f.text = std::string(reply.substr(b, e - b));
        f.why = std::move(why);
        f.fix = std::move(fix);
        if (replacement) {
            f.has_replacement = true;
            f.replacement = *replacement;
        }
        out.push_back(std::move(f));
    };
    auto sentence_of = [&](std::size_t word) -> std::pair<std::size_t, std::size_t> {
        for (auto s : sents)
            if (word >= s.first && word < s.second) return s;
        return {0, words.size()};
    };
    auto inside = [](const std::vector<PhraseMatch>& ms, const PhraseMatch& m) {
        for (const auto& x : ms)
            if (m.first >= x.first && m.last <= x.last) return true;
        return false;
    };
    // the first word of the reply body (after a greeting "Hi Jane," / "@jane"), where missing parts go
    const std::size_t body_at = [&]() -> std::size_t {
        if (!sents.empty() && sents[0].second > 0) {
            for (std::size_t i = 0; i < std::min<std::size_t>(words.size(), 4); ++i)
                if (std::string_view(words[i].norm) == "," && i + 1 < words.size()) return words[i + 1].begin;
        }
        return 0;
    }();

    // --- personal_data -------------------------------------------------------------------------------------
    if (!is_private(ctx.platform)) {
        auto spans = detail::PiiAccess::detect(pii, reply, words);
        for (const auto& s : mention_pii) {
            std::uint32_t b = 0, e = 0;
            if (find_pii_in(s, reply, b, e)) {
                bool known = std::any_of(spans.begin(), spans.end(), [&](const PiiSpan& x) { return b < x.end && x.begin < e; });
                if (!known) {
                    PiiSpan copy = s;
                    copy.begin = b;
                    copy.end = e;
                    spans.push_back(copy);
                }
            }
        }
        std::sort(spans.begin(), spans.end(), [](const PiiSpan& a, const PiiSpan& b) { return a.begin < b.begin; });
        for (const auto& s : spans) {
            const std::string rep = std::string("your ") + describe(s.kind);
            add("personal_data", s.begin, s.end,
                std::string("A public reply is seen by everyone: repeating a ") + describe(s.kind) +
                    " exposes the customer to fraud and breaks their trust.",
                "Leave it out here; handle it in a " + channel + " and say why (\"to keep your details private\").",
                &rep);
        }
    }

    // --- over_limit ------------------------------------------------------------------------------------------
    {
        std::size_t cut = reply.size();
        report.limit = limit(ctx.platform);
        report.length = measure(reply, ctx.platform, report.limit, cut, &tk);
        if (report.length > report.limit)
            add("over_limit", cut, reply.size(),
                "The reply has " + std::to_string(report.length) + " characters; " + ctx.platform + " allows " +
                    std::to_string(report.limit) + ", so it would be cut off or rejected.",
                "Cut " + std::to_string(report.length - report.limit) +
                    " characters, or move the details to the private follow-up.");
    }

    // Phrase matches used by several rules.
    const auto robotic_m = found(robotic);
    const auto non_apology_m = found(non_apology);
    const auto next_m = found(next_step);
    const auto vague_m = found(vague_time);

    // --- asks_sensitive / asks_too_much ---------------------------------------------------------------------
    {
        static const std::vector<std::pair<std::string, std::vector<std::string>>> kItemKinds = {
            {"order", {"order number", "order id", "tracking number", "reference number"}},
            {"booking", {"booking reference", "booking number", "confirmation number"}},
            {"email", {"email", "e-mail", "email address"}},
            {"phone", {"phone", "phone number", "mobile number"}},
            {"account", {"account number", "membership number", "policy number"}},
            {"address", {"address", "home address", "postcode", "zip code"}},
        };
        for (auto [from, to] : sents) {
            // a request cue not preceded by a negation ("no need to share", "never send")
            bool asks = false;
            {
                std::vector<PhraseMatch> cues;
                if (present & bit(request_cue)) request_cue.find(words, cues, from, to, mk, bit(request_cue));
                for (const auto& m : cues) {
                    std::size_t lo = m.first >= from + 3 ? m.first - 3 : from;
                    bool neg = (present & bit(negation) && negation.any(words, lo, m.first, mk, bit(negation)));
                    for (std::size_t k = lo; k < m.first; ++k)
                        if (std::string_view(words[k].norm) == "need" && k > from && std::string_view(words[k - 1].norm) == "no") neg = true;
                    if (!neg) asks = true;
                }
            }
            if (!asks) continue;
            std::vector<PhraseMatch> sm;
            if (present & bit(sensitive)) sensitive.find(words, sm, from, to, mk, bit(sensitive));
            for (const auto& m : sm) {
                bool negated = (present & bit(negation) && negation.any(words, from, m.first, mk, bit(negation)));
                if (negated) continue;
                add("asks_sensitive", m.begin, m.end,
                    "Never ask for passwords, PINs, security codes or full card numbers, not even privately: "
                    "fraudsters ask for exactly these, and customers are told never to share them.",
                    "Remove the request; if identity must be checked, say the team will verify it securely.");
            }
            std::vector<PhraseMatch> items;
            if (present & bit(data_request)) data_request.find(words, items, from, to, mk, bit(data_request));
            std::set<std::string> distinct;
            for (const auto& m : items) {
                const std::string& item = data_request.phrase(m.phrase).text;
                distinct.insert(item);
                for (const auto& [kind, names] : kItemKinds)
                    if (contains(names, item) && prep.kinds().count(kind))
                        add("asks_too_much", m.begin, m.end,
                            "The customer already gave their " + item + "; asking again makes them do the work twice.",
                            "Use what they already sent (in the private follow-up) instead of asking for it.");
            }
            if (static_cast<int>(distinct.size()) > rules.max_requested_items) {
                add("asks_too_much", words[from].begin, words[to - 1].end,
                    "This asks for " + std::to_string(distinct.size()) +
                        " pieces of information; every extra ask is work for an already unhappy customer.",
                    "Ask for at most " + std::to_string(rules.max_requested_items) +
                        " (usually one identifier is enough) and look up the rest yourself.");
            }
        }
    }

    // --- unapproved_compensation ----------------------------------------------------------------------------
    {
        const auto exc = found(comp_exceptions);
        for (const auto& m : found(compensation)) {
            if (inside(exc, m)) continue;
            int pi = -1;
            if (approved.match_at(words, m.first, m.last, pi) > 0) continue;
            // "feel free to" style exceptions that start before the match
            bool covered = false;
            for (const auto& x : exc)
                if (m.begin < x.end && x.begin < m.end) covered = true;
            if (covered) continue;
            add("unapproved_compensation", m.begin, m.end,
                "The playbook does not approve offering \"" + std::string(reply.substr(m.begin, m.end - m.begin)) +
                    "\": freebies given in public teach everyone to complain publicly, and it can't be taken back.",
                "Remove the offer (fix the problem instead), or add it to reply.approved_compensation if policy allows "
                "it.");
        }
    }

    // --- blame -----------------------------------------------------------------------------------------------
    for (const auto& m : found(blame))
        add("blame", m.begin, m.end,
            "Blaming the customer, a partner or \"the system\" reads as an excuse; to the customer the company owns "
            "the whole experience.",
            "Own it: say what went wrong in plain words and what you'll do about it.");

    // --- non_apology / missing_apology -----------------------------------------------------------------------
    for (const auto& m : non_apology_m) {
        const auto& p = non_apology.phrase(m.phrase);
        add("non_apology", m.begin, m.end,
            "A conditional apology (\"sorry if you feel...\") puts the problem on the customer's feelings instead of "
            "on what happened.",
            "Apologise for the specific thing that went wrong: \"I'm sorry your order is late.\"",
            p.replacement.empty() ? nullptr : &p.replacement);
    }
    if (needs_fix) {
        bool apologised = false;
        for (const auto& m : found(apology))
            if (!inside(robotic_m, m) && !inside(non_apology_m, m)) apologised = true;
        if (!apologised)
            add("missing_apology", body_at, body_at,
                "A complaint needs an apology on behalf of the company; without one the reply sounds defensive.",
                "Apologise for the specific problem, e.g. \"I'm sorry about " +
                    std::string(ctx.category_label.empty() ? "this" : "the " + detail::lower_ascii(ctx.category_label) +
                                                                          " problem") +
                    ".\"");
    }

    // --- redirect_only ---------------------------------------------------------------------------------------
    for (const auto& m : found(redirect)) {
        // "sorry you had to contact us again" tells of the past; it sends nobody anywhere
        if (m.first >= 2 && std::string_view(words[m.first - 1].norm) == "to" &&
            (std::string_view(words[m.first - 2].norm) == "had" || std::string_view(words[m.first - 2].norm) == "having"))
            continue;
        auto [from, to] = sentence_of(m.first);
        // the reason may also be in the next sentence when this one is only the redirect
        bool reason = (present & bit(redirect_reason) && redirect_reason.any(words, from, to, mk, bit(redirect_reason)));
        if (!reason) {
            std::string rep;
            add("redirect_only", m.begin, m.end,
                "Sending the customer to another channel without saying why, or what they get there, feels like "
                "being brushed off.",
                "Give the reason and the benefit: \"DM us your order number so we can trace it without posting it "
                "here.\"");
        }
    }

    // --- no_next_step / no_deadline / vague_time / unanswered_question ---------------------------------------
    // computed only where a rule needs them
    auto has_link = [&] {
        return std::any_of(words.begin(), words.end(),
                           [&](const Word& w) { return std::string_view(w.norm) == "http" || std::string_view(w.norm) == "https" || std::string_view(w.norm) == "www"; }) ||
               (!ctx.help_article.empty() && reply.find(ctx.help_article) != std::string_view::npos);
    };
    auto has_time = [&] {
        std::int64_t due = 0;
        std::size_t df = 0, dl = 0;
        return detail::find_due(words, 0, words.size(), 0, 0, due, df, dl);
    };
    if (needs_fix && next_m.empty())
        add("no_next_step", reply.size(), reply.size(),
            "The customer is left guessing what happens next, who does it and when.",
            "Say who does what by when: \"" + detail::capitalize(team) + " will look into this and reply here " +
                deadline + ".\"");
    if ((needs_fix || is_question) && !next_m.empty() && vague_m.empty() && !has_time())
        add("no_deadline", next_m.front().begin, next_m.front().end,
            "A next step without a time is a promise nobody can check; customers then chase you.",
            "Add when, e.g. \"" + deadline + "\".", nullptr);
    for (const auto& m : vague_m)
        add("vague_time", m.begin, m.end,
            "\"" + std::string(reply.substr(m.begin, m.end - m.begin)) +
                "\" means nothing to a waiting customer and can't be followed up.",
            "Give a concrete time from the playbook: \"" + deadline + "\".", &deadline);
    if (is_question && !ctx.complaint && next_m.empty() && !has_link())
        add("unanswered_question", reply.size(), reply.size(),
            "The customer asked a question; the reply neither answers it nor says when an answer will come.",
            ctx.help_article.empty() ? "Answer it, or say who will answer by when."
                                     : "Link the help article (" + ctx.help_article + ") or say who will answer by when.");

    // --- missing_acknowledgement ----------------------------------------------------------------------------
    if (needs_fix || is_question) {
        bool ack = false;
        for (const auto& w : words)
            if (!ack && !w.punct && word_has_letters(w) &&
                std::binary_search(prep.ack_stems.begin(), prep.ack_stems.end(), detail::fnv1a(detail::stem(w.norm))))
                ack = true;
        if (!ack) prep.make_texts();
        if (!ack && !prep.ack_texts.empty()) {
            for (const auto& k : prep.ack_texts)
                if (!ack && contains_lower(reply, k)) ack = true;
        }
        if (!ack)
            add("missing_acknowledgement", body_at, body_at,
                "The reply doesn't mention the customer's actual problem, so it reads like a canned response.",
                "Name the specific problem (\"your order that hasn't arrived\", \"the $45 fee\").");
    }

    // --- no_problem / robotic / tone --------------------------------------------------------------------------
    for (const auto& m : found(no_problem)) {
        const auto& p = no_problem.phrase(m.phrase);
        std::string rep = match_case(reply.substr(m.begin, m.end - m.begin), p.replacement);
        add("no_problem", m.begin, m.end,
            "\"No problem\" and its cousins suggest the customer's issue was trivial, or that helping was a favour.",
            "Say \"Happy to help\" or \"Of course\" instead.", p.replacement.empty() ? nullptr : &rep);
    }
    for (const auto& m : robotic_m) {
        const auto& p = robotic.phrase(m.phrase);
        std::string rep = match_case(reply.substr(m.begin, m.end - m.begin), p.replacement);
        add("robotic", m.begin, m.end,
            "Boilerplate like this sounds automated and tells the customer nobody actually read their message.",
            "Say it the way a person would, about their specific problem.", p.replacement.empty() ? nullptr : &rep);
    }
    for (const auto& m : found(condescending))
        add("tone", m.begin, m.end, "This phrasing sounds condescending or impatient to an upset customer.",
            "Drop it; state the facts and the next step plainly.");
    if (ctx.complaint && prep.intensity >= 2) {
        for (const auto& t : tk.tokens)
            if (t.kind == TokenKind::Emoji || (t.kind == TokenKind::Emoticon && std::string_view(t.norm) != "^^")) {
                const std::string empty;
                add("tone", t.begin, t.end, "Emoji read as flippant to an angry customer.", "Remove the emoji.",
                    &empty);
                break;
            }
    }

    // --- shouting ----------------------------------------------------------------------------------------------
    {
        if (tk.stats.shouting()) {
            for (const auto& t : tk.tokens)
                if (t.all_caps() && t.end - t.begin >= 3) {
                    add("shouting", t.begin, t.end, "Capitals read as shouting, and an upset customer will mirror it.",
                        "Write in sentence case.");
                    break;
                }
        }
        if (tk.stats.max_exclamations >= 2)
            for (const auto& t : tk.tokens)
                if (t.kind == TokenKind::Punct && t.norm.size() >= 2 && t.norm.find('!') != std::string::npos) {
                    const std::string one = "!";
                    add("shouting", t.begin, t.end, "Runs of exclamation marks read as shouting or as not serious.",
                        "Use one exclamation mark at most.", &one);
                    break;
                }
    }

    // --- missing_thanks / missing_empathy ---------------------------------------------------------------------
    if (is_praise && !ctx.complaint && !(present & bit(thanks) && thanks.any(words, 0, words.size(), mk, bit(thanks))))
        add("missing_thanks", body_at, body_at,
            "Praise deserves thanks; a happy customer who is ignored or sent boilerplate feels taken for granted.",
            "Thank them and recognise what they liked: \"Thank you! So glad the team made it easy.\"");
    if (ctx.complaint && prep.intensity >= 2 && !(present & bit(empathy) && empathy.any(words, 0, words.size(), mk, bit(empathy))))
        add("missing_empathy", body_at, body_at,
            "This customer is clearly upset; a reply that skips over their feelings sounds cold.",
            "Acknowledge how they feel: \"That's genuinely frustrating, and it's on us to fix it.\"");

    // --- no_personalisation -------------------------------------------------------------------------------------
    {
        const std::string& first = prep.first;
        const std::string& handle = prep.handle;
        if (!first.empty() || !handle.empty()) {
            bool personal = false;
            const std::string& lower_first = prep.lower_first;
            const std::string& lower_handle = prep.lower_handle;
            for (const auto& w : words) {
                if (!first.empty() && w.norm == lower_first) personal = true;
                if (!handle.empty() && w.norm == lower_handle) personal = true;
            }
            if (!personal) prep.make_texts();
            if (!personal && (!handle.empty() || !prep.personal_texts.empty())) {
                if (!handle.empty() && contains_lower(reply, lower_handle)) personal = true;
                for (const auto& t : prep.personal_texts)
                    if (!personal && contains_lower(reply, t)) personal = true;
            }
            if (!personal) {
                std::string greet = "Hi " + (first.empty() ? "@" + handle : first) + ", ";
                add("no_personalisation", 0, 0,
                    "Nothing in the reply is specific to this customer, so it reads like a form letter.",
                    "Address them by name and mention their specifics.", &greet);
            }
        }
    }

    // --- missing_signature --------------------------------------------------------------------------------------
    if (rules.require_signature && !has_signature(reply, ctx.brand)) {
        std::string rep = (reply.empty() || reply.back() == ' ' ? "" : " ") + rules.signature;
        add("missing_signature", reply.size(), reply.size(),
            "An unsigned reply feels anonymous; the brand's voice signs with a person.",
            "Sign it: \"" + rules.signature + "\".", &rep);
    }

    // --- score and order ----------------------------------------------------------------------------------------
    const auto& ids = lint_rule_ids();
    auto rank = [&](const std::string& r) { return std::find(ids.begin(), ids.end(), r) - ids.begin(); };
    std::stable_sort(out.begin(), out.end(), [&](const LintFinding& a, const LintFinding& b) {
        if (a.begin != b.begin) return a.begin < b.begin;
        return rank(a.rule) < rank(b.rule);
    });
    int score = 100;
    std::set<std::string> seen;
    for (const auto& f : out) {
        if (seen.insert(f.rule).second) score -= rule_weight(rules, f.rule);
        else score -= 5;
    }
    report.score = std::max(0, score);
    return report;
}

} // namespace earshot

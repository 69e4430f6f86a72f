// The triage engine: rules calibrated for customer service on top of VADER, few-shot category matching from the
// playbook, optional trained models, entities, signals, urgency, tier, team and deadline. See triage.hpp.

#include "earshot/triage.hpp"

#include "earshot/cues.hpp"
#include "earshot/entities.hpp"
#include "earshot/tokenizer.hpp"
#include "earshot/utf8.hpp"
#include "earshot/vader.hpp"
#include "fnv1a.hpp"

#include "earshot/classifier.hpp"
#include "earshot/triage_features.hpp"

#include <algorithm>
#include <atomic>
#include <climits>
#include <cmath>
#include <cstring>
#include <map>
#include <unordered_map>
#include <set>

namespace earshot {

const char* to_string(Polarity p) noexcept {
    switch (p) {
    case Polarity::Negative: return "negative";
    case Polarity::Neutral: return "neutral";
    case Polarity::Positive: return "positive";
    }
    return "neutral";
}

bool parse_polarity(std::string_view text, Polarity& out) noexcept {
    if (text == "negative") out = Polarity::Negative;
    else if (text == "neutral") out = Polarity::Neutral;
    else if (text == "positive") out = Polarity::Positive;
    else return false;
    return true;
}

double round_score(double x) noexcept {
    if (!(x == x)) return 0;
    const double r = std::round(x * 10000.0) / 10000.0;
    return r == 0 ? 0.0 : r; // no "-0"
}

bool Triage::has_signal(std::string_view s) const noexcept {
    return std::find(signals.begin(), signals.end(), s) != signals.end();
}

namespace {

std::string fmt2(double x) {
    // Deterministic short decimal ("-0.52") for explanations.
    const long long v = std::llround(x * 100.0);
    std::string out = v < 0 ? "-" : "";
    const long long a = v < 0 ? -v : v;
    out += std::to_string(a / 100);
    out.push_back('.');
    const long long f = a % 100;
    if (f < 10) out.push_back('0');
    out += std::to_string(f);
    return out;
}

bool is_stopword(std::string_view w) {
    static const std::set<std::string_view> kStop = {
        "a",    "an",   "the",  "to",    "of",   "for",  "in",    "on",   "at",   "and",  "or",   "is",   "are",
        "was",  "be",   "been", "it",    "its",  "it's", "i",     "i'm",  "me",   "my",   "you",  "your", "we",
        "our",  "this", "that", "with",  "from", "by",   "so",    "just", "have", "has",  "had",  "do",   "does",
        "did",  "im",   "u",    "ur",    "as",   "but",  "if",    "they", "them", "their", "he",  "she",  "his",
        "her",  "will", "would", "can",  "could", "should", "am", "what", "there", "here", "all",  "any",  "some",
        "get",  "got",  "up",   "out",   "about", "into", "than", "then", "too",  "very", "really", "one", "&"};
    return kStop.count(w) > 0;
}

/// Light suffix stripping so "refunds", "refunded", "refunding" meet "refund". Writes into s (reused buffer).
void stem_into(std::string_view w, std::string& s) {
    s.assign(w.data(), w.size());
    auto ends = [&](std::string_view suf) { return s.size() > suf.size() + 2 && s.compare(s.size() - suf.size(), suf.size(), suf) == 0; };
    if (ends("ies")) {
        s.resize(s.size() - 3);
        s.push_back('y');
    } else if (ends("ing")) s.resize(s.size() - 3);
    else if (ends("ed")) s.resize(s.size() - 2);
    else if (ends("es") && (s[s.size() - 3] == 's' || s[s.size() - 3] == 'x' || s[s.size() - 3] == 'h')) s.resize(s.size() - 2);
    else if (ends("s") && s[s.size() - 2] != 's') s.resize(s.size() - 1);
    if (s.size() > 3 && s[s.size() - 1] == s[s.size() - 2] && s[s.size() - 1] != 'l' && s[s.size() - 1] != 's')
        s.pop_back(); // "stopp(ed)" -> "stop"
    if (s.size() > 3 && s.back() == 'e') s.pop_back(); // "arrive" / "arrived" -> "arriv"
}

std::string stem(std::string_view w) {
    std::string s;
    stem_into(w, s);
    return s;
}

/// Stem -> id, open addressing over a string arena (no allocation per lookup).
class StemTable {
public:
    void build(const std::unordered_map<std::string, int>& ids) {
        std::size_t size = 16;
        while (size < ids.size() * 2) size <<= 1;
        slots_.assign(size, Slot{});
        mask_ = size - 1;
        for (const auto& [k, id] : ids) {
            const std::uint64_t h = detail::fnv1a(k);
            std::size_t i = h & mask_;
            while (slots_[i].id >= 0) i = (i + 1) & mask_;
            slots_[i] = {h, static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(k.size()), id};
            arena_ += k;
        }
    }
    int find(std::string_view k) const noexcept {
        if (slots_.empty()) return -1;
        const std::uint64_t h = detail::fnv1a(k);
        for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.id < 0) return -1;
            if (s.hash == h && s.len == k.size() && std::string_view(arena_).substr(s.off, s.len) == k) return s.id;
        }
    }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t off = 0, len = 0;
        int id = -1;
    };
    std::vector<Slot> slots_;
    std::string arena_;
    std::size_t mask_ = 0;
};

/// Token norm -> stem id for one Triager (memo of stem_into + StemTable::find, keyed by Token::hash).
class StemMemo {
public:
    static constexpr std::size_t kMaxEntries = 1u << 14;
    /// Starts over when used for another Triager (owner is a per-Triager serial number, never reused).
    void own(std::uint64_t owner) {
        if (owner == owner_) return;
        clear();
        owner_ = owner;
    }
    const int* find(std::string_view key, std::uint64_t h) const noexcept {
        if (slots_.empty()) return nullptr;
        for (std::size_t i = h & kMask;; i = (i + 1) & kMask) {
            const Slot& s = slots_[i];
            if (s.len == kEmpty) return nullptr;
            if (s.hash == h && s.len == key.size() && std::memcmp(keys_.data() + s.off, key.data(), key.size()) == 0)
                return &s.id;
        }
    }
    void insert(std::string_view key, std::uint64_t h, int id) {
        if (count_ >= kMaxEntries || keys_.size() > (1u << 20)) clear(); // bounded: start over
        if (slots_.empty()) slots_.assign(kMask + 1, Slot{});
        std::size_t i = h & kMask;
        while (slots_[i].len != kEmpty) i = (i + 1) & kMask;
        slots_[i] = {h, static_cast<std::uint32_t>(keys_.size()), static_cast<std::uint32_t>(key.size()), id};
        keys_.append(key.data(), key.size());
        ++count_;
    }

private:
    void clear() {
        if (count_ == 0) return;
        std::fill(slots_.begin(), slots_.end(), Slot{});
        keys_.clear();
        count_ = 0;
    }
    static constexpr std::size_t kMask = 2 * kMaxEntries - 1;
    static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t off = 0, len = kEmpty;
        int id = -1;
    };
    std::vector<Slot> slots_;
    std::string keys_;
    std::size_t count_ = 0;
    std::uint64_t owner_ = 0;
};

std::atomic<std::uint64_t> g_triager_serial{0};

/// Per-thread buffers of triage() (no allocation per mention once warm).
struct TriageScratch {
    StemMemo stems;
    std::string stem;
    std::vector<int> ids;
    std::vector<std::uint32_t> present; ///< per stem id: == stamp when the mention has it
    std::uint32_t stamp = 0;
};
thread_local TriageScratch t_triage;

/// Words of a text as the category matcher sees them: lowercase word/number tokens, stemmed.
std::vector<std::string> stems_of(const Tokenized& tk) {
    std::vector<std::string> out;
    out.reserve(tk.tokens.size());
    for (const Token& t : tk.tokens) {
        if (t.kind == TokenKind::Word || t.kind == TokenKind::Number) out.push_back(stem(t.norm));
    }
    return out;
}

struct KeywordPattern {
    std::vector<int> ids; ///< stem ids in order
    double weight = 0;    ///< summed idf, capped
    std::string text;
};

struct ExamplePattern {
    std::vector<int> ids; ///< content stem ids, unique, sorted
    std::vector<double> weights;
    double total = 0;
    std::string text;
};

struct CategoryMatcher {
    std::vector<KeywordPattern> keywords;
    std::vector<ExamplePattern> examples;
};

} // namespace

struct Triager::Impl {
    Playbook playbook;
    TriageModels models;
    std::vector<CategoryMatcher> matchers;         // parallel to playbook.categories
    std::unordered_map<std::string, int> stem_ids; // every stem a keyword or example uses
    StemTable stem_table;                          // the same, for lookups per mention
    std::vector<double> idf;                       // per stem id: rarer across categories = higher
    std::vector<int> model_to_category; // category model label index -> playbook category index (-1 unknown)
    std::vector<std::uint8_t> special;  // per category: kPraise | kQuestion | kSafety | kSpam by id (no string compares per mention)
    static constexpr std::uint8_t kPraise = 1, kQuestion = 2, kSafety = 4, kSpam = 8;
    EntityGazetteer gazetteer;
    std::uint64_t serial = ++g_triager_serial; ///< names this Impl in per-thread memos (never reused)
    /// first stem id of a keyword -> (category index, keyword index)
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> keywords_by_first;

    int id_of(const std::string& s) {
        auto [it, added] = stem_ids.emplace(s, static_cast<int>(stem_ids.size()));
        return it->second;
    }

    explicit Impl(Playbook pb, TriageModels m) : playbook(std::move(pb)), models(std::move(m)), gazetteer(playbook) {
        std::vector<int> df;
        for (const Category& c : playbook.categories) {
            CategoryMatcher cm;
            std::set<int> seen;
            std::set<std::vector<int>> seen_keywords;
            for (const std::string& k : c.keywords) {
                KeywordPattern p;
                p.text = k;
                for (const auto& st : stems_of(tokenize(k))) p.ids.push_back(id_of(st));
                if (p.ids.empty() || !seen_keywords.insert(p.ids).second) continue;
                for (int id : p.ids) seen.insert(id);
                cm.keywords.push_back(std::move(p));
            }
            for (const std::string& e : c.examples) {
                ExamplePattern p;
                p.text = e;
                std::set<int> uniq;
                for (const Token& t : tokenize(e).tokens) {
                    if (t.kind != TokenKind::Word && t.kind != TokenKind::Number) continue;
                    if (is_stopword(t.norm)) continue;
                    uniq.insert(id_of(stem(t.norm)));
                }
                p.ids.assign(uniq.begin(), uniq.end());
                for (int id : p.ids) seen.insert(id);
                cm.examples.push_back(std::move(p));
            }
            df.resize(stem_ids.size(), 0);
            for (int id : seen) ++df[static_cast<std::size_t>(id)];
            matchers.push_back(std::move(cm));
        }
        const double n = static_cast<double>(std::max<std::size_t>(1, playbook.categories.size()));
        idf.resize(stem_ids.size(), 1.0);
        for (std::size_t i = 0; i < df.size(); ++i) idf[i] = 1.0 / (1.0 + (static_cast<double>(std::max(df[i], 1)) - 1.0) * 4.0 / n);
        for (CategoryMatcher& cm : matchers) {
            for (KeywordPattern& k : cm.keywords) {
                for (int id : k.ids) k.weight += idf[static_cast<std::size_t>(id)];
                k.weight = std::min(k.weight, 2.0);
            }
            for (ExamplePattern& e : cm.examples) {
                for (int id : e.ids) {
                    e.weights.push_back(idf[static_cast<std::size_t>(id)]);
                    e.total += idf[static_cast<std::size_t>(id)];
                }
            }
        }
        for (const Category& c : playbook.categories)
            special.push_back(c.id == "praise" ? kPraise : c.id == "question" ? kQuestion : c.id == "safety" ? kSafety
                              : c.id == "spam" ? kSpam : 0);
        keywords_by_first.resize(stem_ids.size());
        for (std::size_t ci = 0; ci < matchers.size(); ++ci)
            for (std::size_t k = 0; k < matchers[ci].keywords.size(); ++k)
                keywords_by_first[static_cast<std::size_t>(matchers[ci].keywords[k].ids.front())].emplace_back(
                    static_cast<std::uint32_t>(ci), static_cast<std::uint32_t>(k));
        stem_table.build(stem_ids);
        if (models.category) {
            for (const std::string& l : models.category->labels()) {
                int idx = -1;
                for (std::size_t i = 0; i < playbook.categories.size(); ++i)
                    if (playbook.categories[i].id == l) idx = static_cast<int>(i);
                model_to_category.push_back(idx);
            }
        }
    }
};

Triager::Triager(Playbook playbook, TriageModels models)
    : impl_(std::make_unique<Impl>(std::move(playbook), std::move(models))) {}
Triager::~Triager() = default;
Triager::Triager(Triager&&) noexcept = default;
Triager& Triager::operator=(Triager&&) noexcept = default;
const Playbook& Triager::playbook() const noexcept { return impl_->playbook; }
const TriageModels& Triager::models() const noexcept { return impl_->models; }

namespace {

/// One reason behind a category score; its text is only built for the category that wins.
struct CategoryReason {
    enum Kind : std::uint8_t { Keyword, Example, Question, Positive, Safety, Spam, Model, QuestionAbout } kind;
    std::uint32_t index = 0; ///< keyword / example index in the category's matcher, or a category index
    double value = 0;
};

struct CategoryScore {
    double score = 0;
    std::vector<CategoryReason> because;
};

/// Writes a list of strings into a vector, reusing the strings already there (no allocation once warm).
class StringList {
public:
    explicit StringList(std::vector<std::string>& v) : v_(v) {}
    std::string& next() {
        if (n_ == v_.size()) v_.emplace_back();
        return v_[n_++];
    }
    void add_unique(std::string_view s) {
        for (std::size_t i = 0; i < n_; ++i)
            if (v_[i] == s) return;
        next().assign(s.data(), s.size());
    }
    void reset() noexcept { n_ = 0; }
    std::size_t size() const noexcept { return n_; }
    void finish() { v_.resize(n_); }

private:
    std::vector<std::string>& v_;
    std::size_t n_ = 0;
};

constexpr std::int64_t kNoNumber = INT64_MIN;

void append_int(std::string& out, std::int64_t v) {
    char buf[24];
    char* e = buf + sizeof buf;
    char* p = e;
    const bool neg = v < 0;
    std::uint64_t a = neg ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
    do {
        *--p = static_cast<char>('0' + a % 10);
        a /= 10;
    } while (a);
    if (neg) *--p = '-';
    out.append(p, static_cast<std::size_t>(e - p));
}

/// fmt2(x) into buf (at least 24 bytes), as a view.
std::string_view fmt2_to(double x, char* buf) {
    const std::string s = fmt2(x); // short: no allocation
    std::memcpy(buf, s.data(), s.size());
    return {buf, s.size()};
}

/// Per-thread buffers of triage_into (no allocation per mention once warm).
struct BodyScratch {
    Tokenized tk, marked_tk;
    CueAnalysis cues;
    std::string markers, marked;
    Prediction sent_p, comp_p, cat_p;
    std::vector<CategoryScore> cs;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> hits;
};
thread_local BodyScratch t_body;

} // namespace

Triage Triager::triage(const Mention& mention, const TriageContext& ctx) const {
    Triage t;
    triage_into(mention, ctx, t);
    return t;
}

void Triager::triage_into(const Mention& mention, const TriageContext& ctx, Triage& t) const {
    const Impl& im = *impl_;
    const Playbook& pb = im.playbook;
    const std::string& text = mention.text;
    const bool explain = ctx.explain;
    BodyScratch& bs = t_body;

    Tokenized& tk = bs.tk;
    tokenize_into(text, tk);
    CueAnalysis& cues = bs.cues;
    analyze_cues_into(text, tk, cues, explain);

    // ---- sentiment ---------------------------------------------------------------------------------------------
    std::vector<std::string> sent_because;
    if (explain) {
        sent_because = std::move(cues.sentiment_because);
        sent_because.reserve(sent_because.size() + 4);
    }
    double rule_score = cues.score;
    double score = rule_score;
    // The sentiment and complaint models read the text plus the cue markers (see triage_features.hpp).
    Tokenized& marked_tk = bs.marked_tk;
    std::string& marked = bs.marked;
    Prediction& sent_p = bs.sent_p;
    Prediction& comp_p = bs.comp_p;
    bool have_sent_p = false, have_comp_p = false;
    if (im.models.sentiment || im.models.complaint) {
        std::string& markers = bs.markers;
        cue_markers_into(cues, is_shouting(tk), markers);
        const bool want_comp = im.models.complaint && !cues.spam;
        if (tokenize_suffix_is_separate(text, markers)) {
            // The models see tokenize(text + ' ' + markers) == tk followed by the markers' tokens: no copy.
            const Tokenized& mk = tokenize_words_memo(markers);
            if (im.models.sentiment && want_comp) {
                TextClassifier::predict_both_with_suffix(*im.models.sentiment, *im.models.complaint, tk, mk, sent_p, comp_p);
                have_sent_p = have_comp_p = true;
            } else if (im.models.sentiment) {
                im.models.sentiment->predict_with_suffix(tk, mk, sent_p);
                have_sent_p = true;
            } else if (want_comp) {
                im.models.complaint->predict_with_suffix(tk, mk, comp_p);
                have_comp_p = true;
            }
        } else {
            marked = text;
            marked += ' ';
            marked += markers;
            tokenize_into(marked, marked_tk);
            if (im.models.sentiment && want_comp) {
                TextClassifier::predict_both(*im.models.sentiment, *im.models.complaint, marked_tk, marked, sent_p, comp_p);
                have_sent_p = have_comp_p = true;
            } else if (im.models.sentiment) {
                im.models.sentiment->predict_into(marked_tk, marked, sent_p);
                have_sent_p = true;
            } else if (want_comp) {
                im.models.complaint->predict_into(marked_tk, marked, comp_p);
                have_comp_p = true;
            }
        }
    }
    if (have_sent_p) {
        const Prediction& p = sent_p;
        const int neg = im.models.sentiment->label_index("negative");
        const int pos = im.models.sentiment->label_index("positive");
        if (neg >= 0 && pos >= 0) {
            const double model_score = p.probabilities[static_cast<std::size_t>(pos)] - p.probabilities[static_cast<std::size_t>(neg)];
            score = 0.6 * model_score + 0.4 * rule_score;
            if (explain) sent_because.push_back("model: " + p.name + " (" + fmt2(p.confidence) + ")");
        }
    }
    if (cues.question && !cues.complaint_cue && score < 0 && rule_score > -0.5) {
        score *= 0.5; // a question with no sign of a problem is rarely a complaint
        if (explain) sent_because.push_back("question without a complaint cue: softened");
    }
    if (cues.sarcasm && score > rule_score) {
        score = rule_score; // sarcasm reads positive words as negative; trust the rule over the bag of words
        if (explain) sent_because.push_back("sarcasm overrides the model");
    }
    score = std::clamp(score, -1.0, 1.0);
    t.sentiment.score = score;
    t.sentiment.label = score <= -0.15 ? Polarity::Negative : score >= 0.25 ? Polarity::Positive : Polarity::Neutral;
    if (explain) sent_because.insert(sent_because.begin(), "score " + fmt2(score) + " -> " + to_string(t.sentiment.label));

    // ---- category (few-shot from the playbook, plus the category model) --------------------------------------
    TriageScratch& scratch = t_triage;
    std::vector<int>& ids = scratch.ids; // the mention's stems as ids (-1: no keyword or example uses it)
    ids.clear();
    if (scratch.present.size() < im.stem_ids.size()) scratch.present.resize(im.stem_ids.size(), 0);
    if (++scratch.stamp == 0) { // wrapped: start over
        std::fill(scratch.present.begin(), scratch.present.end(), 0);
        scratch.stamp = 1;
    }
    const std::uint32_t stamp = scratch.stamp;
    scratch.stems.own(im.serial);
    for (const Token& tok : tk.tokens) {
        if (tok.kind != TokenKind::Word && tok.kind != TokenKind::Number) continue;
        int id;
        if (const int* known = scratch.stems.find(tok.norm, tok.hash)) {
            id = *known;
        } else {
            stem_into(tok.norm, scratch.stem);
            id = im.stem_table.find(scratch.stem);
            scratch.stems.insert(tok.norm, tok.hash, id);
        }
        ids.push_back(id);
        if (id >= 0) scratch.present[static_cast<std::size_t>(id)] = stamp;
    }
    std::vector<CategoryScore>& cs = bs.cs;
    cs.resize(pb.categories.size());
    for (CategoryScore& c : cs) {
        c.score = 0;
        c.because.clear();
    }
    {
        std::vector<std::pair<std::uint32_t, std::uint32_t>>& hits = bs.hits; // keywords found (each counted once)
        hits.clear();
        for (std::size_t pos = 0; pos < ids.size(); ++pos) {
            if (ids[pos] < 0) continue;
            for (const auto& [ci, k] : im.keywords_by_first[static_cast<std::size_t>(ids[pos])]) {
                const KeywordPattern& kw = im.matchers[ci].keywords[k];
                if (pos + kw.ids.size() > ids.size()) continue;
                if (!std::equal(kw.ids.begin(), kw.ids.end(), ids.begin() + static_cast<std::ptrdiff_t>(pos))) continue;
                if (std::find(hits.begin(), hits.end(), std::make_pair(ci, k)) != hits.end()) continue;
                hits.emplace_back(ci, k);
            }
        }
        std::sort(hits.begin(), hits.end()); // playbook order, for stable explanations
        for (const auto& [ci, k] : hits) {
            const KeywordPattern& kw = im.matchers[ci].keywords[k];
            cs[ci].score += kw.weight;
            cs[ci].because.push_back({CategoryReason::Keyword, k, 0});
        }
    }
    for (std::size_t ci = 0; ci < pb.categories.size(); ++ci) {
        const CategoryMatcher& m = im.matchers[ci];
        double best = 0;
        const ExamplePattern* best_ex = nullptr;
        std::uint32_t best_index = 0;
        for (const ExamplePattern& e : m.examples) {
            double shared = 0;
            for (std::size_t q = 0; q < e.ids.size(); ++q)
                if (scratch.present[static_cast<std::size_t>(e.ids[q])] == stamp) shared += e.weights[q];
            if (e.total > 0 && shared / e.total > best) {
                best = shared / e.total;
                best_ex = &e;
                best_index = static_cast<std::uint32_t>(&e - m.examples.data());
            }
        }
        if (best_ex && best >= 0.25) {
            cs[ci].score += 2.0 * best;
            cs[ci].because.push_back({CategoryReason::Example, best_index, best});
        }
    }
    // Sentiment- and signal-driven nudges that make the shipped categories behave sensibly.
    for (std::size_t ci = 0; ci < pb.categories.size(); ++ci) {
        const Category& c = pb.categories[ci];
        if (!c.complaint && t.sentiment.label == Polarity::Negative && c.respond) cs[ci].score *= 0.4; // angry "thanks"
        const std::uint8_t sp = im.special[ci];
        if (sp == Impl::kPraise && cues.sarcasm) {
            cs[ci].score = 0;
            continue;
        }
        if (sp == Impl::kQuestion && cues.question && t.sentiment.label != Polarity::Negative) {
            cs[ci].score += 0.4;
            cs[ci].because.push_back({CategoryReason::Question, 0, 0});
        }
        if (sp == Impl::kPraise && t.sentiment.label == Polarity::Positive && !cues.complaint_cue && (cues.thanks || cues.positive_cues > 0)) {
            cs[ci].score += 0.5;
            cs[ci].because.push_back({CategoryReason::Positive, 0, 0});
        }
        if (sp == Impl::kSafety && cues.safety) {
            cs[ci].score += 1.5;
            cs[ci].because.push_back({CategoryReason::Safety, 0, 0});
        }
        if (sp == Impl::kSpam && cues.spam) {
            cs[ci].score += 1.5;
            cs[ci].because.push_back({CategoryReason::Spam, 0, 0});
        }
    }
    if (im.models.category) {
        Prediction& p = bs.cat_p;
        im.models.category->predict_into(tk, text, p);
        for (std::size_t li = 0; li < im.model_to_category.size() && li < p.probabilities.size(); ++li) {
            const int ci = im.model_to_category[li];
            if (ci < 0) continue;
            const double pr = p.probabilities[li];
            cs[static_cast<std::size_t>(ci)].score += 2.5 * std::max(0.0, pr - 0.2);
            if (li == p.label && pr >= 0.3)
                cs[static_cast<std::size_t>(ci)].because.push_back({CategoryReason::Model, 0, pr});
        }
    }
    for (std::size_t ci = 0; ci < pb.categories.size(); ++ci)
        if (im.special[ci] == Impl::kPraise && (cues.sarcasm || t.sentiment.label == Polarity::Negative)) cs[ci].score = 0;
    std::size_t top = pb.categories.size(), second = pb.categories.size();
    for (std::size_t ci = 0; ci < cs.size(); ++ci) {
        if (top == cs.size() || cs[ci].score > cs[top].score) {
            second = top;
            top = ci;
        } else if (second == cs.size() || cs[ci].score > cs[second].score) {
            second = ci;
        }
    }
    // A generic question ("can I ...", "how do I ...") about a topic belongs to the topic.
    if (top < cs.size() && im.special[top] == Impl::kQuestion) {
        std::size_t best_topic = cs.size();
        for (std::size_t ci = 0; ci < cs.size(); ++ci)
            if (ci != top && pb.categories[ci].complaint && cs[ci].score >= 0.8 &&
                (best_topic == cs.size() || cs[ci].score > cs[best_topic].score))
                best_topic = ci;
        if (best_topic < cs.size()) {
            cs[best_topic].because.push_back({CategoryReason::QuestionAbout, static_cast<std::uint32_t>(best_topic), 0});
            top = best_topic;
        }
    }
    std::vector<std::string> cat_because;
    const Category* cat = nullptr;
    t.category.id.clear(); // (assigned below; clearing first keeps the reused capacity)
    if (top < cs.size() && cs[top].score >= 0.5) {
        const double s1 = cs[top].score, s2 = second < cs.size() ? cs[second].score : 0.0;
        cat = &pb.categories[top];
        t.category.id = cat->id;
        t.category.label = cat->label;
        t.category.confidence = std::clamp((s1 / (s1 + 1.0)) * (0.5 + 0.5 * (s1 - s2) / s1), 0.0, 1.0);
        const CategoryMatcher& m = im.matchers[top];
        for (const CategoryReason& r : cs[top].because) {
            if (!explain || cat_because.size() == 4) break;
            switch (r.kind) {
            case CategoryReason::Keyword: cat_because.push_back("keyword '" + m.keywords[r.index].text + "'"); break;
            case CategoryReason::Example:
                cat_because.push_back("like example '" + m.examples[r.index].text + "' (" + fmt2(r.value) + ")");
                break;
            case CategoryReason::Question: cat_because.emplace_back("asks a question"); break;
            case CategoryReason::Positive: cat_because.emplace_back("positive sentiment"); break;
            case CategoryReason::Safety: cat_because.emplace_back("safety words"); break;
            case CategoryReason::Spam: cat_because.emplace_back("spam pattern"); break;
            case CategoryReason::Model: cat_because.push_back("model (" + fmt2(r.value) + ")"); break;
            case CategoryReason::QuestionAbout: cat_because.push_back("question about " + pb.categories[r.index].id); break;
            }
        }
    } else {
        t.category.id = "other";
        t.category.label = "Other";
        t.category.confidence = top < cs.size() ? std::clamp(1.0 - cs[top].score, 0.0, 1.0) : 1.0;
        if (explain)
            cat_because.push_back(top < cs.size() && cs[top].score > 0
                                  ? "no category matched strongly (best: " + pb.categories[top].id + " " + fmt2(cs[top].score) + ")"
                                  : "no keyword or example of any category matched");
    }

    // ---- signals --------------------------------------------------------------------------------------------
    StringList sig(t.signals);
    const bool shouting = is_shouting(tk);
    if (shouting) sig.add_unique("all_caps");
    if (ctx.prior_contacts > 0 || cues.repeat) sig.add_unique("repeat_contact");
    if (cues.churn) sig.add_unique("churn_threat");
    if (cues.legal) sig.add_unique("legal_threat");
    if (cues.safety) sig.add_unique("safety");
    if (mention.author.followers >= pb.high_reach_followers && pb.high_reach_followers > 0) sig.add_unique("high_reach");
    if (cues.time_sensitive) sig.add_unique("time_sensitive");
    if (cues.question) sig.add_unique("question");
    if (cues.sarcasm) sig.add_unique("sarcasm");
    if (cues.profanity) sig.add_unique("profanity");
    if (cues.negative_emoji) sig.add_unique("negative_emoji");
    if (tk.stats.max_exclamations >= 3) sig.add_unique("exclamations");
    if (cues.spam) sig.add_unique("spam");

    // ---- complaint ------------------------------------------------------------------------------------------
    std::vector<std::string> comp_because;
    bool complaint = false;
    const bool cat_is_complaint = cat ? cat->complaint : true;
    bool comp_reason = false; // comp_because is not empty (also when its text is not built)
    if (cues.spam || (cat && !cat->respond)) {
        comp_reason = true;
        if (explain) comp_because.push_back("spam: no response needed");
    } else if (t.sentiment.label == Polarity::Negative && cat_is_complaint) {
        complaint = true;
        comp_reason = true;
        if (explain) comp_because.push_back("negative sentiment");
    } else if (cues.complaint_cue && t.sentiment.label != Polarity::Positive) {
        complaint = true;
        comp_reason = true;
        if (explain) comp_because.push_back("complaint cue: " + cues.complaint_cue_text);
    } else if (cues.legal || cues.safety || cues.churn) {
        complaint = true;
        comp_reason = true;
        if (explain) comp_because.push_back("threat or safety issue");
    }
    double complaint_p = complaint ? 0.75 : 0.25;
    if (have_comp_p) {
        const Prediction& p = comp_p;
        const int ci = im.models.complaint->label_index("complaint");
        if (ci >= 0) {
            const double pm = p.probabilities[static_cast<std::size_t>(ci)];
            complaint_p = 0.55 * pm + 0.45 * complaint_p;
            const bool now = complaint_p >= 0.5;
            comp_reason = true;
            if (explain) comp_because.push_back("model: complaint " + fmt2(pm));
            complaint = now || cues.legal || cues.safety;
        }
    }
    (void)complaint_p;
    t.complaint = complaint;
    if (explain) {
        if (!complaint && !comp_reason) comp_because.push_back(cues.question ? "a question, not a complaint" : "no complaint cue and not negative");
        if (!complaint && cat && !cat->complaint) comp_because.push_back("category " + cat->id + " is not a complaint");
    }
    if (t.sentiment.label == Polarity::Positive && !complaint && cat == nullptr && !cues.question) sig.add_unique("praise");
    if (cat && cat->id == "praise") sig.add_unique("praise");
    sig.finish();

    // ---- urgency --------------------------------------------------------------------------------------------
    int u = 0;
    StringList reasons(t.urgency.reasons);
    // "<why> (+<pts>)", written into a reused string.
    auto bump = [&](int pts, std::string_view why, std::string_view more = {}, std::int64_t number = kNoNumber,
                    std::string_view after = {}) {
        u += pts;
        std::string& r = reasons.next();
        r.assign(why.data(), why.size());
        r.append(more.data(), more.size());
        if (number != kNoNumber) append_int(r, number);
        r.append(after.data(), after.size());
        r += pts >= 0 ? " (+" : " (";
        append_int(r, pts);
        r += ')';
    };
    if (t.complaint) bump(20, "complaint");
    if (t.sentiment.label == Polarity::Negative) {
        char buf[24];
        bump(static_cast<int>(std::lround(-t.sentiment.score * 20)), "negative sentiment ", fmt2_to(t.sentiment.score, buf));
    }
    if (cues.safety) bump(40, "safety issue");
    if (cues.legal) bump(25, "legal threat");
    if (cues.churn) bump(12, "churn threat");
    if (ctx.prior_contacts > 0) bump(std::min(20, 8 + 4 * ctx.prior_contacts), {}, {}, ctx.prior_contacts, " earlier contact(s)");
    else if (cues.repeat) bump(8, "says it happened before");
    if (cues.time_sensitive) bump(12, "time-sensitive");
    if (shouting) bump(6, "all caps");
    if (cues.profanity) bump(4, "profanity");
    if (mention.author.followers >= pb.high_reach_followers && pb.high_reach_followers > 0) {
        const bool huge = mention.author.followers >= pb.high_reach_followers * 10;
        bump(huge ? 20 : 12, huge ? "very high reach " : "high reach ", {}, mention.author.followers, " followers");
    }
    if (cues.spam || (cat && !cat->respond)) {
        u = 0;
        reasons.reset();
        reasons.add_unique("spam (0)");
    }
    t.urgency.score = std::clamp(u, 0, 100);
    if (reasons.size() == 0) reasons.add_unique("nothing pressing");
    reasons.finish();

    // ---- tier and team --------------------------------------------------------------------------------------
    std::vector<std::string> tier_because, team_because;
    t.tier = cat ? cat->tier : (t.complaint ? Tier::Medium : Tier::Easy);
    if (explain)
        tier_because.push_back(cat ? "category " + cat->id + " is " + to_string(cat->tier)
                                   : std::string(t.complaint ? "uncategorised complaint" : "uncategorised, no complaint"));
    t.team = cat ? cat->team : pb.default_team;
    if (explain) team_because.push_back(cat ? "category " + cat->id + " belongs to " + cat->team : "default team");
    auto team_for = [&](std::string_view function) -> const Team* {
        if (const Team* direct = pb.find_team(function)) return direct;
        for (const Team& tm : pb.teams)
            for (std::size_t k = 0; k < tm.escalation.size() && k < 2; ++k)
                if (tm.escalation[k].involves == function) return &tm;
        return nullptr;
    };
    if (cues.legal || cues.safety) {
        t.tier = Tier::Hard;
        if (explain) tier_because.push_back(cues.legal ? "legal threat -> hard" : "safety issue -> hard");
        if (const Team* lt = team_for(cues.safety && !cues.legal && cat && cat->tier == Tier::Hard ? cat->team : "legal")) {
            if (explain && lt->id != t.team) team_because.push_back((cues.legal ? "legal threat -> " : "safety -> ") + lt->id);
            t.team = lt->id;
        }
    } else if (t.complaint && mention.author.followers >= pb.high_reach_followers * 10 && pb.high_reach_followers > 0 &&
               t.tier == Tier::Easy) {
        t.tier = Tier::Medium;
        if (explain) tier_because.push_back("very high reach complaint -> medium");
    }
    if (t.complaint && ctx.prior_contacts >= 2 && t.tier == Tier::Easy) {
        t.tier = Tier::Medium;
        if (explain) tier_because.push_back("third contact -> medium");
    }

    // ---- deadline -------------------------------------------------------------------------------------------
    std::vector<std::string> dl_because;
    if (cues.spam || (cat && !cat->respond)) {
        t.respond_within_minutes = 0;
        if (explain) dl_because.push_back("no reply expected");
    } else {
        const int base = t.tier == Tier::Hard ? pb.deadlines.hard : t.tier == Tier::Medium ? pb.deadlines.medium : pb.deadlines.easy;
        int minutes = std::max(1, base * (200 - t.urgency.score) / 200);
        if (explain)
            dl_because.push_back(std::string(to_string(t.tier)) + " tier: " + std::to_string(base) + " min, shortened by urgency " +
                                 std::to_string(t.urgency.score));
        if (t.urgency.score >= pb.deadlines.urgent_threshold && minutes > pb.deadlines.urgent_minutes) {
            minutes = pb.deadlines.urgent_minutes;
            if (explain) dl_because.push_back("urgent: at most " + std::to_string(pb.deadlines.urgent_minutes) + " min");
        }
        // Time already spent waiting counts against the deadline (when the caller tells us the time).
        if (ctx.now_ms > 0 && mention.created_at_ms > 0 && ctx.now_ms > mention.created_at_ms) {
            const std::int64_t waited = (ctx.now_ms - mention.created_at_ms) / 60000;
            if (waited > 0) {
                const int left = static_cast<int>(std::max<std::int64_t>(1, minutes - waited));
                if (explain) dl_because.push_back("already waiting " + std::to_string(waited) + " min");
                minutes = left;
            }
        }
        t.respond_within_minutes = minutes;
    }

    // ---- entities -------------------------------------------------------------------------------------------
    extract_entities_into(text, tk, pb, im.gazetteer, t.entities);
    if (ctx.now_ms > 0) {
        // Resolve relative days against the caller's clock ("tomorrow" -> "2026-11-25").
        for (Entity& e : t.entities) {
            if (e.type != "date") continue;
            int offset = 0;
            if (e.value == "today" || e.value == "tonight") offset = 0;
            else if (e.value == "tomorrow") offset = 1;
            else if (e.value == "yesterday") offset = -1;
            else continue;
            e.value = format_iso8601(ctx.now_ms + offset * 86400000LL).substr(0, 10);
        }
    }

    std::sort(t.signals.begin(), t.signals.end());
    if (!utf8::valid(text)) {
        // Keep every string we hand out valid UTF-8 (offsets still index the text as given).
        for (Entity& e : t.entities) {
            e.text = utf8::sanitize(e.text);
            e.value = utf8::sanitize(e.value);
        }
        for (auto* list : {&sent_because, &comp_because, &cat_because})
            for (auto& s : *list) s = utf8::sanitize(s);
    }
    t.explanation.clear();
    if (!explain) return;
    t.explanation.reserve(7);
    t.explanation.push_back({"sentiment", std::move(sent_because)});
    t.explanation.push_back({"complaint", std::move(comp_because)});
    t.explanation.push_back({"category", std::move(cat_because)});
    t.explanation.push_back({"urgency", t.urgency.reasons});
    t.explanation.push_back({"tier", std::move(tier_because)});
    t.explanation.push_back({"team", std::move(team_because)});
    t.explanation.push_back({"deadline", std::move(dl_because)});
}

} // namespace earshot

#include "reply_text.hpp"

#include <algorithm>
#include <array>

namespace earshot::detail {

namespace {

// Length of a UTF-8 punctuation sequence at i that is not a word character (dashes, curly double quotes,
// ellipsis, guillemets, non-breaking space), 0 when the bytes are a word character. Sets apostrophe for U+2018/9.
std::size_t special_at(std::string_view s, std::size_t i, bool& apostrophe, bool& space) {
    apostrophe = false;
    space = false;
    auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
        auto d = static_cast<unsigned char>(s[i + 2]);
        if (d == 0x98 || d == 0x99) {
            apostrophe = true;
            return 3;
        }
        if ((d >= 0x90 && d <= 0x97) || d == 0x9C || d == 0x9D || d == 0xA2 || d == 0xA6) return 3;
        if (d >= 0x80 && d <= 0x8B) { // various spaces
            space = true;
            return 3;
        }
        if (d == 0xAF) {
            space = true;
            return 3;
        }
    }
    if (c == 0xC2 && i + 1 < s.size()) {
        auto d = static_cast<unsigned char>(s[i + 1]);
        if (d == 0xA0) {
            space = true;
            return 2;
        }
        if (d == 0xAB || d == 0xBB || d == 0xA3 || d == 0xA5 || d == 0xA7 || d == 0xB7) return 2; // « » £ ¥ § ·
    }
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x82 &&
        static_cast<unsigned char>(s[i + 2]) == 0xAC)
        return 3; // €
    return 0;
}

bool word_match(std::string_view pattern, const Word& w) {
    if (pattern.size() == 1 && pattern[0] == '*') return !w.punct;
    if (pattern.size() > 1 && pattern.back() == '*')
        return !w.punct && w.norm.size() >= pattern.size() - 1 &&
               std::string_view(w.norm).substr(0, pattern.size() - 1) == pattern.substr(0, pattern.size() - 1);
    return std::string_view(w.norm) == pattern;
}

bool is_wild(const std::string& pattern) { return !pattern.empty() && pattern.back() == '*'; }

} // namespace

namespace {

// ASCII byte classes for split_words.
enum : std::uint8_t { kSpaceByte = 1, kAlnumByte = 2, kUpperByte = 4, kDigitByte = 8 };
constexpr std::array<std::uint8_t, 128> kAsciiClass = [] {
    std::array<std::uint8_t, 128> t{};
    for (char c : {' ', '\t', '\n', '\r', '\f', '\v'}) t[static_cast<unsigned char>(c)] = kSpaceByte;
    for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = kAlnumByte;
    for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = kAlnumByte | kUpperByte;
    for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = kAlnumByte | kDigitByte;
    return t;
}();

// ASCII lowercase, and what each ASCII byte adds to a word's packed counts (digits | letters << 16 | capitals << 32).
constexpr std::array<unsigned char, 256> kLowerAscii = [] {
    std::array<unsigned char, 256> t{};
    for (int c = 0; c < 256; ++c) t[static_cast<std::size_t>(c)] = static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return t;
}();
constexpr std::array<std::uint64_t, 256> kCountStep = [] {
    std::array<std::uint64_t, 256> t{};
    for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = 1;
    for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = 1ULL << 16;
    for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = (1ULL << 16) | (1ULL << 32);
    return t;
}();

// A word character at i: ASCII letter/digit, or a non-ASCII byte that starts no special sequence.
bool word_char_at(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return (kAsciiClass[c] & kAlnumByte) != 0;
    bool a = false, sp = false;
    return special_at(s, i, a, sp) == 0;
}

std::uint16_t sat16(std::size_t n) { return n > 0xFFFF ? std::uint16_t{0xFFFF} : static_cast<std::uint16_t>(n); }

} // namespace

std::vector<Word> split_words(std::string_view s) {
    std::vector<Word> out;
    char buf[128];   // a word's normal form while it fits
    std::string big; // the normal form of a longer word
    out.reserve(s.size() / 4 + 1);
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        const auto c = static_cast<unsigned char>(s[i]);
        bool apos = false, space = false;
        std::size_t sp = 0;
        if (c < 0x80) {
            const std::uint8_t k = kAsciiClass[c];
            if (k & kSpaceByte) {
                ++i;
                continue;
            }
            if (!(k & kAlnumByte)) { // one punctuation character
                Word& w = out.emplace_back();
                w.begin = static_cast<std::uint32_t>(i);
                w.end = static_cast<std::uint32_t>(i + 1);
                w.punct = true;
                w.norm.push_back(static_cast<char>(c));
                w.hash = (kFnvBasis ^ c) * kFnvPrime;
                ++i;
                continue;
            }
        } else {
            sp = special_at(s, i, apos, space);
            if (space) {
                i += sp;
                continue;
            }
            if (sp) { // a punctuation sequence (dash, quote, ellipsis, currency, ...)
                Word& w = out.emplace_back();
                w.begin = static_cast<std::uint32_t>(i);
                w.end = static_cast<std::uint32_t>(i + sp);
                w.punct = true;
                w.ascii = false;
                if (apos) w.norm.assign(1, '\'');
                else w.norm.assign(s.substr(i, sp));
                w.hash = fnv1a(w.norm);
                i += sp;
                continue;
            }
        }
        // A word: runs of word characters joined by an inner ' - or curly apostrophe that a word character
        // follows. Its normal form, hash and counts are written in the same pass (into buf while it fits).
        const std::size_t begin = i;
        std::size_t len = 0;
        std::uint64_t h = kFnvBasis;
        std::uint64_t counts = 0; // digits | letters << 16 | capitals << 32 (exact below 0xFFFF bytes)
        bool ascii = true;
        auto put = [&](unsigned char d) {
            h = (h ^ d) * kFnvPrime;
            if (len < sizeof(buf)) {
                buf[len] = static_cast<char>(d);
            } else {
                if (len == sizeof(buf)) big.assign(buf, len); // (a new word: big is overwritten)
                big.push_back(static_cast<char>(d));
            }
            ++len;
        };
        while (i < n) {
            // the common case first: a run of ASCII letters/digits while it fits buf
            {
                // locals, so that they stay in registers (put() takes the others by reference)
                std::size_t j = i, l = len;
                std::uint64_t hh = h, cc = counts;
                const std::size_t stop = std::min(n, j + (sizeof(buf) - l));
                while (j < stop) {
                    const auto d = static_cast<unsigned char>(s[j]);
                    const std::uint64_t step = kCountStep[d]; // non-zero exactly for ASCII letters and digits
                    if (!step) break;
                    const unsigned char low = kLowerAscii[d];
                    buf[l++] = static_cast<char>(low);
                    hh = (hh ^ low) * kFnvPrime;
                    cc += step;
                    ++j;
                }
                i = j;
                len = l;
                h = hh;
                counts = cc;
            }
            if (i >= n) break;
            const auto d = static_cast<unsigned char>(s[i]);
            if (d < 0x80) {
                if (kAsciiClass[d] & kAlnumByte) { // buf is full
                    counts += kCountStep[d];
                    put(kLowerAscii[d]);
                    ++i;
                    continue;
                }
                if ((d == '\'' || d == '-') && i + 1 < n && word_char_at(s, i + 1)) {
                    put(d);
                    ++i;
                    continue;
                }
                break;
            }
            bool a2 = false, sp2 = false;
            const std::size_t spl = special_at(s, i, a2, sp2);
            if (spl == 0) {
                ascii = false;
                put(d);
                ++i;
                continue;
            }
            if (a2 && i + spl < n && word_char_at(s, i + spl)) {
                ascii = false;
                put('\'');
                i += spl;
                continue;
            }
            break;
        }
        Word& w = out.emplace_back();
        w.begin = static_cast<std::uint32_t>(begin);
        w.end = static_cast<std::uint32_t>(i);
        if (len <= sizeof(buf)) w.norm.append(buf, len); // (append to the empty string: no aliasing checks)
        else w.norm = std::move(big);
        w.hash = h;
        w.ascii = ascii;
        if (i - begin < 0xFFFF) {
            w.digits = static_cast<std::uint16_t>(counts & 0xFFFF);
            w.letters = static_cast<std::uint16_t>((counts >> 16) & 0xFFFF);
            w.upper = static_cast<std::uint16_t>((counts >> 32) & 0xFFFF);
        } else { // a huge word: count again, saturating
            std::size_t nd = 0, nl = 0, nu = 0;
            for (std::size_t p = begin; p < i; ++p) {
                const auto d = static_cast<unsigned char>(s[p]);
                nd += d >= '0' && d <= '9';
                nl += (d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z');
                nu += d >= 'A' && d <= 'Z';
            }
            w.digits = sat16(nd);
            w.letters = sat16(nl);
            w.upper = sat16(nu);
        }
    }
    return out;
}

PhraseSet::PhraseSet(const std::vector<std::string>& entries) {
    for (const auto& e : entries) {
        Phrase p;
        std::string_view body = e;
        if (auto arrow = body.find("=>"); arrow != std::string_view::npos) {
            std::string_view rep = body.substr(arrow + 2);
            while (!rep.empty() && rep.front() == ' ') rep.remove_prefix(1);
            while (!rep.empty() && rep.back() == ' ') rep.remove_suffix(1);
            p.replacement = std::string(rep);
            body = body.substr(0, arrow);
        }
        while (!body.empty() && body.back() == ' ') body.remove_suffix(1);
        while (!body.empty() && body.front() == ' ') body.remove_prefix(1);
        p.text = std::string(body);
        // Split the pattern like text; a chunk ending in '*' makes its last word a prefix pattern.
        std::size_t pos = 0;
        while (pos < body.size()) {
            if (body[pos] == ' ') {
                ++pos;
                continue;
            }
            std::size_t end = pos;
            while (end < body.size() && body[end] != ' ') ++end;
            std::string_view chunk = body.substr(pos, end - pos);
            pos = end;
            if (chunk == "*") {
                p.words.emplace_back("*");
                continue;
            }
            const bool prefix = chunk.back() == '*';
            if (prefix) chunk.remove_suffix(1);
            auto words = split_words(chunk);
            for (auto& w : words) p.words.push_back(w.norm);
            if (prefix && !words.empty()) p.words.back().push_back('*');
        }
        if (p.words.empty()) continue;
        for (const auto& w : p.words) p.hashes.push_back(is_wild(w) ? 0 : fnv1a(w));
        phrases_.push_back(std::move(p));
    }
    wild_by_char_.resize(256);
    for (int i = 0; i < static_cast<int>(phrases_.size()); ++i) {
        const auto& first = phrases_[static_cast<std::size_t>(i)].words.front();
        if (first == "*") {
            wild_any_.push_back(i);
            continue;
        }
        if (is_wild(first)) {
            wild_by_char_[static_cast<unsigned char>(first[0])].push_back(i);
            continue;
        }
        const std::uint64_t h = fnv1a(first);
        bloom_[(h >> 6) & 3] |= 1ULL << (h & 63);
        // one bucket per first word (words whose hashes collide get buckets of their own, side by side)
        auto it = std::lower_bound(by_first_.begin(), by_first_.end(), h,
                                   [](const auto& a, std::uint64_t k) { return a.first < k; });
        while (it != by_first_.end() && it->first == h &&
               phrases_[static_cast<std::size_t>(it->second.front())].words.front() != first)
            ++it;
        if (it == by_first_.end() || it->first != h) it = by_first_.insert(it, {h, {}});
        it->second.push_back(i);
    }
    second_.resize(by_first_.size());
    for (std::size_t b = 0; b < by_first_.size(); ++b)
        for (int pi : by_first_[b].second) {
            const auto& hs = phrases_[static_cast<std::size_t>(pi)].hashes;
            second_[b].push_back(hs.size() >= 2 ? hs[1] : 0);
        }
    if (!by_first_.empty()) {
        std::size_t size = 8;
        while (size < by_first_.size() * 2) size *= 2;
        first_slots_.assign(size, -1);
        for (std::size_t b = 0; b < by_first_.size(); ++b) {
            if (b > 0 && by_first_[b - 1].first == by_first_[b].first) continue; // same hash: found from the first
            const std::uint64_t h = by_first_[b].first;
            for (std::size_t k = static_cast<std::size_t>(h ^ (h >> 29)) & (size - 1);; k = (k + 1) & (size - 1))
                if (first_slots_[k] < 0) {
                    first_slots_[k] = static_cast<std::int32_t>(b);
                    break;
                }
        }
    }
}

std::size_t PhraseSet::match_at(const std::vector<Word>& words, std::size_t i, std::size_t to, int& phrase) const {
    std::size_t best = 0;
    phrase = -1;
    // words[i + k] against phrase pi's words from k = from on
    auto try_phrase = [&](int pi, std::size_t from) {
        const auto& p = phrases_[static_cast<std::size_t>(pi)];
        const std::size_t n = p.words.size();
        if (i + n > to || n <= best) return; // a shorter or equal match never replaces the one found
        for (std::size_t k = from; k < n; ++k) {
            const Word& w = words[i + k];
            // exact words: the hash first (Word::hash is fnv1a(norm)), then the text
            if (p.hashes[k] ? (w.hash != p.hashes[k] || w.norm != p.words[k]) : !word_match(p.words[k], w)) return;
        }
        best = n;
        phrase = pi;
    };
    const Word& first = words[i];
    const std::uint64_t key = first.hash;
    if (!first_slots_.empty() && (bloom_[(key >> 6) & 3] & (1ULL << (key & 63)))) {
        const std::size_t m = first_slots_.size() - 1;
        for (std::size_t k = static_cast<std::size_t>(key ^ (key >> 29)) & m; first_slots_[k] >= 0; k = (k + 1) & m) {
            auto b = static_cast<std::size_t>(first_slots_[k]);
            if (by_first_[b].first != key) continue;
            // a bucket's phrases share their first word: compare its text once
            // a phrase whose second word is exact needs that word's hash next (checked before trying it)
            const std::uint64_t next = i + 1 < to ? words[i + 1].hash : 0;
            for (; b < by_first_.size() && by_first_[b].first == key; ++b) {
                if (phrases_[static_cast<std::size_t>(by_first_[b].second.front())].words.front() != first.norm) continue;
                const auto& ps = by_first_[b].second;
                const auto& second = second_[b];
                for (std::size_t q = 0; q < ps.size(); ++q)
                    if (second[q] == 0 || second[q] == next) try_phrase(ps[q], 1);
            }
            break;
        }
    }
    if (!first.norm.empty() && !wild_by_char_.empty())
        for (int pi : wild_by_char_[static_cast<unsigned char>(first.norm[0])]) try_phrase(pi, 0);
    for (int pi : wild_any_) try_phrase(pi, 0);
    return best;
}

void PhraseSet::find(const std::vector<Word>& words, std::vector<PhraseMatch>& out, std::size_t from,
                     std::size_t to, const std::uint32_t* mask, std::uint32_t bit) const {
    if (phrases_.empty()) return;
    to = std::min(to, words.size());
    std::size_t i = from;
    while (i < to) {
        if (mask && !(mask[i] & bit)) {
            ++i;
            continue;
        }
        int pi = -1;
        std::size_t len = match_at(words, i, to, pi);
        if (len == 0) {
            ++i;
            continue;
        }
        PhraseMatch m;
        m.phrase = pi;
        m.first = static_cast<std::uint32_t>(i);
        m.last = static_cast<std::uint32_t>(i + len);
        m.begin = words[i].begin;
        m.end = words[i + len - 1].end;
        out.push_back(m);
        i += len;
    }
}

std::vector<PhraseMatch> PhraseSet::find_all(const std::vector<Word>& words, const std::uint32_t* mask,
                                             std::uint32_t bit) const {
    std::vector<PhraseMatch> out;
    find(words, out, 0, static_cast<std::size_t>(-1), mask, bit);
    return out;
}

bool PhraseSet::any(const std::vector<Word>& words, std::size_t from, std::size_t to, const std::uint32_t* mask,
                    std::uint32_t bit) const {
    if (phrases_.empty()) return false;
    to = std::min(to, words.size());
    for (std::size_t i = from; i < to; ++i) {
        if (mask && !(mask[i] & bit)) continue;
        int pi = -1;
        if (match_at(words, i, to, pi)) return true;
    }
    return false;
}

void PhraseIndex::insert(std::uint64_t hash, std::uint32_t bit) {
    if ((used_ + 1) * 2 > table_.size()) {
        std::vector<std::pair<std::uint64_t, std::uint32_t>> old;
        old.swap(table_);
        table_.assign(old.empty() ? 64 : old.size() * 2, {0, 0});
        used_ = 0;
        for (const auto& [h, b] : old)
            if (b) insert(h, b);
    }
    const std::size_t m = table_.size() - 1;
    for (std::size_t k = static_cast<std::size_t>(hash ^ (hash >> 29)) & m;; k = (k + 1) & m) {
        if (table_[k].second == 0) {
            table_[k] = {hash, bit};
            ++used_;
            return;
        }
        if (table_[k].first == hash) {
            table_[k].second |= bit;
            return;
        }
    }
}

void PhraseIndex::add(PhraseSet& set, std::uint32_t bit) {
    set.index_bit_ = bit;
    for (int i = 0; i < set.size(); ++i) {
        const std::string& first = set.phrase(i).words.front();
        if (first == "*") any_ |= bit;
        else if (is_wild(first)) {
            auto& bucket = prefixes_[static_cast<unsigned char>(first[0])];
            std::string prefix = first.substr(0, first.size() - 1);
            auto it = std::find_if(bucket.begin(), bucket.end(), [&](const auto& e) { return e.first == prefix; });
            if (it == bucket.end()) bucket.emplace_back(std::move(prefix), bit);
            else it->second |= bit;
        } else {
            insert(fnv1a(first), bit);
        }
    }
}

void PhraseIndex::masks(const std::vector<Word>& words, std::vector<std::uint32_t>& out) const {
    out.assign(words.size(), any_);
    const std::size_t m = table_.empty() ? 0 : table_.size() - 1;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const Word& w = words[i];
        if (!table_.empty())
            for (std::size_t k = static_cast<std::size_t>(w.hash ^ (w.hash >> 29)) & m; table_[k].second;
                 k = (k + 1) & m)
                if (table_[k].first == w.hash) {
                    out[i] |= table_[k].second;
                    break;
                }
        if (!w.norm.empty())
            for (const auto& [prefix, bit] : prefixes_[static_cast<unsigned char>(w.norm[0])])
                if (w.norm.size() >= prefix.size() &&
                    std::string_view(w.norm).substr(0, prefix.size()) == std::string_view(prefix))
                    out[i] |= bit;
    }
}

std::vector<std::pair<std::size_t, std::size_t>> sentences(std::string_view text, const std::vector<Word>& words) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    out.reserve(16);
    std::size_t start = 0;
    const bool newlines = text.find('\n') != std::string_view::npos;
    for (std::size_t i = 0; i < words.size(); ++i) {
        bool cut = false;
        const auto& w = words[i];
        if (w.punct && w.norm.size() == 1 && (w.norm[0] == '.' || w.norm[0] == '!' || w.norm[0] == '?' || w.norm[0] == ';')) {
            // not a decimal point / inside a URL-ish run: the next word starts right after without a space
            bool glued = i + 1 < words.size() && words[i + 1].begin == w.end && !words[i + 1].punct;
            cut = !glued;
        }
        if (!cut && newlines && i + 1 < words.size()) {
            for (std::size_t b = w.end; b < words[i + 1].begin; ++b)
                if (text[b] == '\n') {
                    cut = true;
                    break;
                }
        }
        if (cut) {
            out.emplace_back(start, i + 1);
            start = i + 1;
        }
    }
    if (start < words.size()) out.emplace_back(start, words.size());
    return out;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return out;
}

std::string stem(std::string_view word) {
    std::string w = lower_ascii(word);
    auto ends = [&](std::string_view suf) {
        return w.size() > suf.size() + 2 && w.compare(w.size() - suf.size(), suf.size(), suf) == 0;
    };
    if (ends("'s")) w.resize(w.size() - 2);
    else if (ends("ing")) w.resize(w.size() - 3);
    else if (ends("ied")) w.replace(w.size() - 3, 3, "y");
    else if (ends("ies")) w.replace(w.size() - 3, 3, "y");
    else if (ends("ed")) w.resize(w.size() - 2);
    else if (ends("es")) w.resize(w.size() - 2);
    else if (ends("s") && !ends("ss")) w.resize(w.size() - 1);
    if (w.size() > 3 && w.back() == 'e') w.pop_back();
    return w;
}

bool is_stopword(std::string_view w) {
    static constexpr std::string_view kStop[] = {
        "a",      "about", "after",  "again",  "all",   "also",  "am",     "an",    "and",   "any",    "are",
        "as",     "at",    "be",     "been",   "being", "but",   "by",     "can",   "could", "did",    "do",
        "does",   "doing", "don't",  "for",    "from",  "get",   "got",    "had",   "has",   "have",   "having",
        "he",     "her",   "here",   "him",    "his",   "how",   "i",      "i'm",   "i've",  "if",     "in",
        "into",   "is",    "it",    "it's",    "its",   "just",  "me",     "more",  "most",  "my",     "no",
        "not",    "now",   "of",     "on",     "once",  "one",   "only",   "or",    "other", "our",    "out",
        "over",   "own",   "same",   "she",    "so",    "some",  "still",  "such",  "than",  "that",   "the",
        "their",  "them",  "then",   "there",  "these", "they",  "this",   "those", "through", "to",   "too",
        "under",  "until", "up",     "very",   "was",   "we",    "were",   "what",  "when",  "where",  "which",
        "while",  "who",   "why",    "will",   "with",  "would", "you",    "your",  "yours", "yet",    "im",
        "ive",    "dont",  "cant",   "can't",  "won't", "wont",  "really", "even",  "ever",  "every",  "again",
        "like",   "know",  "want",   "need",   "please", "thanks", "thank", "hi",   "hey",   "hello",  "guys",
        "today",  "day",   "time",   "going",  "never", "ok",    "okay"};
    // bucketed by length once (this runs for every word of every draft)
    static const auto kByLen = [] {
        std::array<std::vector<std::string_view>, 9> by{};
        for (auto s : kStop) by[s.size()].push_back(s);
        return by;
    }();
    if (w.empty() || w.size() >= kByLen.size()) return false;
    for (auto s : kByLen[w.size()])
        if (s[0] == w[0] && s == w) return true;
    return false;
}

std::string capitalize(std::string s) {
    for (auto& c : s) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 32);
            break;
        }
        if (c >= 'A' && c <= 'Z') break;
        if (static_cast<unsigned char>(c) >= 0x80) break;
    }
    return s;
}

} // namespace earshot::detail

#include "earshot/triage_features.hpp"

namespace earshot {

TrainOptions triage_train_options() {
    TrainOptions o;
    o.epochs = 10;
    o.seed = 20261124;
    o.features.hash_bits = 18;
    o.features.word_ngram_min = 1;
    o.features.word_ngram_max = 2;
    o.features.char_ngram_min = 0;
    o.features.char_ngram_max = 0;
    return o;
}

namespace {
const char* bucket(double x, const char* const names[7]) {
    if (x <= -0.6) return names[0];
    if (x <= -0.3) return names[1];
    if (x < -0.05) return names[2];
    if (x <= 0.05) return names[3];
    if (x < 0.3) return names[4];
    if (x < 0.6) return names[5];
    return names[6];
}
} // namespace

std::string cue_markers(const CueAnalysis& c, bool shouting) {
    std::string m;
    cue_markers_into(c, shouting, m);
    return m;
}

void cue_markers_into(const CueAnalysis& c, bool shouting, std::string& m) {
    static const char* const kVader[7] = {"xxvneg3", "xxvneg2", "xxvneg1", "xxvneu", "xxvpos1", "xxvpos2", "xxvpos3"};
    static const char* const kRule[7] = {"xxrneg3", "xxrneg2", "xxrneg1", "xxrneu", "xxrpos1", "xxrpos2", "xxrpos3"};
    m = bucket(c.vader, kVader);
    m += ' ';
    m += bucket(c.score, kRule);
    if (c.negative_cues > 0) m += c.negative_cues >= 3 ? " xxcue3" : c.negative_cues == 2 ? " xxcue2" : " xxcue1";
    if (c.positive_cues > 0) m += " xxpraise";
    if (c.sarcasm) m += " xxsarcasm";
    if (c.repeat) m += " xxrepeat";
    if (c.churn) m += " xxchurn";
    if (c.legal) m += " xxlegal";
    if (c.safety) m += " xxsafety";
    if (c.question) m += " xxquestion";
    if (c.thanks) m += " xxthanks";
    if (c.negative_emoji) m += " xxnegemoji";
    if (c.positive_emoji) m += " xxposemoji";
    if (c.spam) m += " xxspam";
    if (c.profanity) m += " xxprofanity";
    if (shouting) m += " xxshout";
}

std::string with_cue_features(std::string_view text) {
    const Tokenized tk = tokenize(text);
    std::string out(text);
    out += ' ';
    out += cue_markers(analyze_cues(text, tk), is_shouting(tk));
    return out;
}

std::vector<std::string> with_cue_features(const std::vector<std::string>& texts) {
    std::vector<std::string> out;
    out.reserve(texts.size());
    for (const auto& t : texts) out.push_back(with_cue_features(t));
    return out;
}

} // namespace earshot

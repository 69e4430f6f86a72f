#include "earshot/wire/tokens_json.hpp"

#include "earshot/utf8.hpp"

namespace earshot::wire {

nlohmann::json stats_to_json(const TextStats& s) {
    return {{"words", s.words},
            {"caps_words", s.caps_words},
            {"elongated_words", s.elongated_words},
            {"exclamation_runs", s.exclamation_runs},
            {"max_exclamations", s.max_exclamations},
            {"exclamations", s.exclamations},
            {"question_marks", s.question_marks},
            {"emoji", s.emoji},
            {"emoticons", s.emoticons},
            {"handles", s.handles},
            {"hashtags", s.hashtags},
            {"urls", s.urls},
            {"invalid_utf8", s.invalid_utf8},
            {"shouting", s.shouting()}};
}

nlohmann::json tokenized_to_json(std::string_view text, const Tokenized& t) {
    auto tokens = nlohmann::json::array();
    for (const auto& tok : t.tokens) {
        auto flags = nlohmann::json::array();
        if (tok.all_caps()) flags.push_back("all_caps");
        if (tok.elongated()) flags.push_back("elongated");
        if (tok.has_digit()) flags.push_back("has_digit");
        if (tok.flags & token_flags::kCapitalized) flags.push_back("capitalized");
        tokens.push_back({{"kind", to_string(tok.kind)},
                          {"text", utf8::sanitize(tok.raw(text))},
                          {"norm", utf8::sanitize(tok.norm)},
                          {"begin", tok.begin},
                          {"end", tok.end},
                          {"flags", std::move(flags)}});
    }
    return {{"tokens", std::move(tokens)}, {"stats", stats_to_json(t.stats)}};
}

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

} // namespace earshot::wire

#pragma once
// Entities in a mention: order numbers, booking references, flight numbers, amounts, dates, times, durations,
// places and products (from the playbook), e-mail addresses and URLs.

#include "earshot/playbook.hpp"
#include "earshot/tokenizer.hpp"
#include "earshot/triage.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace earshot {

/// Product and place names of a playbook, pre-tokenised (build once per playbook).
struct EntityGazetteer {
    struct Name {
        std::vector<std::string> words; ///< normalised words
        std::string name;               ///< as written in the playbook
        bool code = false;              ///< short all-caps code ("JFK"): must match case
    };
    std::vector<Name> products, places;
    /// (first word, list << 31 | index) for every name, sorted: list 0 = products, 1 = places.
    std::vector<std::pair<std::string, std::uint32_t>> by_first_word;
    explicit EntityGazetteer(const Playbook& playbook);
};

std::vector<Entity> extract_entities(std::string_view text, const Tokenized& tk, const Playbook& playbook,
                                     const EntityGazetteer& gazetteer);
/// out = extract_entities(text, tk, playbook, gazetteer), reusing out's storage.
void extract_entities_into(std::string_view text, const Tokenized& tk, const Playbook& playbook,
                           const EntityGazetteer& gazetteer, std::vector<Entity>& out);

/// tk must be tokenize(text). Entities come in text order; offsets are bytes into text.
std::vector<Entity> extract_entities(std::string_view text, const Tokenized& tk, const Playbook& playbook);

} // namespace earshot

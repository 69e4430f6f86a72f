#pragma once
// Entities in a mention: order numbers, booking references, flight numbers, amounts, dates, times, durations,
// places and products (from the playbook), e-mail addresses and URLs.

#include "earshot/playbook.hpp"
#include "earshot/tokenizer.hpp"
#include "earshot/triage.hpp"

#include <string_view>
#include <vector>

namespace earshot {

/// tk must be tokenize(text). Entities come in text order; offsets are bytes into text.
std::vector<Entity> extract_entities(std::string_view text, const Tokenized& tk, const Playbook& playbook);

} // namespace earshot

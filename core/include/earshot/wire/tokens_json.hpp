#pragma once
// JSON form of the tokenizer's output; shared by the CLI and the wasm bindings so both print identical JSON.

#include "earshot/tokenizer.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

namespace earshot::wire {

nlohmann::json stats_to_json(const TextStats& stats);

/// {"tokens":[{"kind","text","norm","begin","end","flags":[...]}], "stats":{...}}
nlohmann::json tokenized_to_json(std::string_view text, const Tokenized& tokenized);

/// Serialises j compactly; invalid UTF-8 inside strings is replaced with U+FFFD instead of throwing.
std::string dump(const nlohmann::json& j);

} // namespace earshot::wire

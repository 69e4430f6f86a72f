#pragma once
// JSON form of a Mention: {"id","platform","author":{"handle","name","followers"},"text","created_at","url",
// "in_reply_to","lang"}. Only "text" is required.

#include "earshot/mention.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace earshot::wire {

/// Reads a mention. Returns false with a readable message ("text: required string is missing", "author.followers:
/// must be a non-negative integer") when j is not an object, text is missing or not a string, or a present field
/// has the wrong type or an invalid value; out is then left untouched. Absent optional fields keep their defaults;
/// null counts as absent. created_at must be ISO 8601 when present (created_at_ms is filled from it).
bool mention_from_json(const nlohmann::json& j, Mention& out, std::string& error);

/// Writes a mention; empty optional fields are left out.
nlohmann::json mention_to_json(const Mention& m);

} // namespace earshot::wire

#pragma once
// JSON form of a Triage, shared by the CLI, the server and the wasm bindings (identical output everywhere):
// {"sentiment":{"label":"negative","score":-0.72},"complaint":true,
//  "category":{"id":"delivery","label":"Delivery","confidence":0.83},"urgency":{"score":72,"reasons":[...]},
//  "tier":"medium","team":"logistics","respond_within_minutes":60,
//  "entities":[{"type":"order_number","text":"#A12345","value":"A12345","begin":10,"end":17}],
//  "signals":["all_caps","repeat_contact"],"explanation":[{"label":"sentiment","because":[...]}]}
// Scores are rounded to 4 decimals.

#include "earshot/triage.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace earshot::wire {

nlohmann::json triage_to_json(const Triage& t);

/// Reads triage_to_json's output back (for stored triages). False with a message naming the field on bad input;
/// out untouched then.
bool triage_from_json(const nlohmann::json& j, Triage& out, std::string& error);

} // namespace earshot::wire

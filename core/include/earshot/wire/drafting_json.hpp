#pragma once
// JSON forms of the drafting area's results, shared by the CLI, the server and the wasm bindings so all print
// identical JSON. Every begin/end is a UTF-8 byte offset into the text it refers to.
//
//   drafts:      [{"rank","kind","public","private"(string|null),"channel","lint_score","length","limit","findings"}]
//   lint:        {"score","passed","length","limit","findings":[{"rule","begin","end","text","why","fix","replacement"}]}
//                ("replacement" is null when the finding has no one-click fix)
//   commitments: [{"text","begin","end","kind","who","due_at"(ISO 8601 UTC|null),"due_at_ms"(|null),"due_text"}]
//   pii:         {"redacted","spans":[{"kind","begin","end","text","label"}]}

#include "earshot/commitments.hpp"
#include "earshot/draft.hpp"
#include "earshot/lint.hpp"
#include "earshot/pii.hpp"
#include "earshot/reply_context.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace earshot::wire {

nlohmann::json lint_report_to_json(const LintReport& report);
nlohmann::json drafts_to_json(const std::vector<Draft>& drafts);
nlohmann::json commitments_to_json(const std::vector<Commitment>& commitments);
nlohmann::json pii_to_json(std::string_view text, const std::vector<PiiSpan>& spans);

nlohmann::json reply_context_to_json(const ReplyContext& ctx);
/// Reads a reply context (the fields of ReplyContext by name; all optional). Problems are appended to errors and
/// ctx is then left untouched.
void reply_context_from_json(const nlohmann::json& j, ReplyContext& ctx, std::vector<std::string>& errors);

} // namespace earshot::wire

// embind bindings of the drafting area: draft, lint, redact (PII) and commitments. Strings in, JSON strings out;
// the ES module (wasm/js/earshot.mjs) wraps them. The playbook comes in as JSON text (the JS wrapper passes the one
// classify() uses); the compiled triager, drafter and linter are cached until the text changes.

#include "earshot/default_models.hpp"
#include "earshot/draft.hpp"
#include "earshot/lint.hpp"
#include "earshot/pii.hpp"
#include "earshot/commitments.hpp"
#include "earshot/triage.hpp"
#include "earshot/wire/drafting_json.hpp"
#include "earshot/wire/mention_json.hpp"
#include "earshot/wire/playbook_json.hpp"
#include "earshot/wire/tokens_json.hpp"
#include "earshot/wire/triage_json.hpp"

#include <emscripten/bind.h>

#include <memory>
#include <string>

namespace {

using nlohmann::json;

struct DraftingState {
    std::string playbook_text; ///< "" = the built-in default playbook
    earshot::Playbook playbook;
    std::unique_ptr<earshot::Triager> triager;
    std::unique_ptr<earshot::Drafter> drafter;
    std::unique_ptr<earshot::ReplyLinter> linter;
};

std::unique_ptr<DraftingState>& state_slot() {
    static std::unique_ptr<DraftingState> s;
    return s;
}

std::string error_json(const std::string& message) { return earshot::wire::dump({{"error", message}}); }

// The state for this playbook text; nullptr with error set when the playbook is invalid.
DraftingState* state_for(const std::string& playbook_text, std::string& error) {
    auto& slot = state_slot();
    if (slot && slot->playbook_text == playbook_text) return slot.get();
    auto s = std::make_unique<DraftingState>();
    s->playbook_text = playbook_text;
    if (playbook_text.empty()) {
        s->playbook = earshot::wire::builtin_playbook("default");
    } else {
        std::vector<std::string> errors;
        if (!earshot::wire::playbook_from_text(playbook_text, s->playbook, errors)) {
            error = "playbook: " + (errors.empty() ? std::string("invalid") : errors.front());
            return nullptr;
        }
    }
    s->triager = std::make_unique<earshot::Triager>(s->playbook, earshot::default_triage_models());
    s->drafter = std::make_unique<earshot::Drafter>(s->playbook.reply);
    s->linter = std::make_unique<earshot::ReplyLinter>(s->playbook.reply);
    slot = std::move(s);
    return slot.get();
}

// Reads a mention (with an optional "triage" object) and triages it when needed.
bool read_mention(DraftingState& st, const std::string& mention_json, earshot::Mention& m, earshot::Triage& t,
                  bool& triaged, std::string& error) {
    auto j = json::parse(mention_json, nullptr, false);
    if (j.is_discarded()) {
        error = "mention: not valid JSON";
        return false;
    }
    if (!earshot::wire::mention_from_json(j, m, error)) return false;
    triaged = false;
    if (auto it = j.find("triage"); it != j.end() && !it->is_null()) {
        if (!earshot::wire::triage_from_json(*it, t, error)) {
            error = "triage: " + error;
            return false;
        }
        return true;
    }
    t = st.triager->triage(m);
    triaged = true;
    return true;
}

/// {"triage":{...},"drafts":[...]} for a mention JSON text, or {"error":"..."}.
std::string draft_json(const std::string& mention_json, const std::string& playbook_text) {
    std::string error;
    DraftingState* st = state_for(playbook_text, error);
    if (!st) return error_json(error);
    earshot::Mention m;
    earshot::Triage t;
    bool triaged = false;
    if (!read_mention(*st, mention_json, m, t, triaged, error)) return error_json(error);
    return earshot::wire::dump({{"triage", earshot::wire::triage_to_json(t)},
                                {"drafts", earshot::wire::drafts_to_json(st->drafter->draft(m, t, st->playbook))}});
}

/// The lint report JSON for a reply; mention_json may be "" (no mention: generic checks only). platform overrides.
std::string lint_json(const std::string& reply, const std::string& mention_json, const std::string& playbook_text,
                      const std::string& platform) {
    std::string error;
    DraftingState* st = state_for(playbook_text, error);
    if (!st) return error_json(error);
    earshot::ReplyContext ctx;
    if (!mention_json.empty()) {
        earshot::Mention m;
        earshot::Triage t;
        bool triaged = false;
        if (!read_mention(*st, mention_json, m, t, triaged, error)) return error_json(error);
        ctx = earshot::make_reply_context(m, t, st->playbook);
    }
    if (!platform.empty()) ctx.platform = platform;
    return earshot::wire::dump(earshot::wire::lint_report_to_json(st->linter->lint(reply, ctx)));
}

/// {"redacted","spans":[...]} with the playbook's PII patterns.
std::string redact_json(const std::string& text, const std::string& playbook_text) {
    std::string error;
    DraftingState* st = state_for(playbook_text, error);
    if (!st) return error_json(error);
    return earshot::wire::dump(earshot::wire::pii_to_json(text, earshot::detect_pii(text, st->playbook.reply.pii)));
}

/// Commitments in a sent reply; sent_at_ms is Unix milliseconds (a JS number), offset in minutes.
std::string commitments_json(const std::string& reply, double sent_at_ms, int utc_offset_minutes) {
    earshot::CommitmentOptions opt;
    opt.utc_offset_minutes = utc_offset_minutes;
    return earshot::wire::dump(earshot::wire::commitments_to_json(
        earshot::extract_commitments(reply, static_cast<std::int64_t>(sent_at_ms), opt)));
}

} // namespace

EMSCRIPTEN_BINDINGS(earshot_drafting) {
    emscripten::function("draft", &draft_json);
    emscripten::function("lint", &lint_json);
    emscripten::function("redact", &redact_json);
    emscripten::function("commitments", &commitments_json);
}

// embind bindings of the triage engine: classify(mentionJson) and loadPlaybook(playbookJson).
// Strings in, JSON strings out; the ES module (wasm/js/earshot.mjs) wraps them.

#include "earshot/default_models.hpp"
#include "earshot/triage.hpp"
#include "earshot/vader.hpp"
#include "earshot/wire/mention_json.hpp"
#include "earshot/wire/playbook_json.hpp"
#include "earshot/wire/tokens_json.hpp"
#include "earshot/wire/triage_json.hpp"

#include <emscripten/bind.h>

#include <memory>
#include <string>

namespace {

std::unique_ptr<earshot::Triager>& triager() {
    static std::unique_ptr<earshot::Triager> t;
    if (!t) t = std::make_unique<earshot::Triager>(earshot::wire::builtin_playbook("default"), earshot::default_triage_models());
    return t;
}

std::string error_json(const std::string& message) { return earshot::wire::dump({{"error", message}}); }

/// {"triage":{...}} for a mention JSON text, or {"error":"..."}. ctxJson may be "" or {"prior_contacts":n,"now_ms":t}.
std::string classify_json(const std::string& mention_json, const std::string& ctx_json) {
    auto j = nlohmann::json::parse(mention_json, nullptr, false);
    if (j.is_discarded()) return error_json("mention: not valid JSON");
    earshot::Mention m;
    std::string error;
    if (!earshot::wire::mention_from_json(j, m, error)) return error_json(error);
    earshot::TriageContext ctx;
    if (!ctx_json.empty()) {
        auto c = nlohmann::json::parse(ctx_json, nullptr, false);
        if (c.is_discarded() || !c.is_object()) return error_json("context: must be a JSON object");
        if (auto it = c.find("prior_contacts"); it != c.end()) {
            if (!it->is_number_integer() || it->get<long long>() < 0) return error_json("context.prior_contacts: must be a non-negative integer");
            ctx.prior_contacts = static_cast<int>(it->get<long long>());
        }
        if (auto it = c.find("now_ms"); it != c.end()) {
            if (!it->is_number()) return error_json("context.now_ms: must be a number");
            ctx.now_ms = static_cast<std::int64_t>(it->get<double>());
        }
    }
    return earshot::wire::dump({{"triage", earshot::wire::triage_to_json(triager()->triage(m, ctx))}});
}

/// Replaces the playbook used by classify. Returns {"ok":true} or {"ok":false,"errors":[...]} (playbook unchanged).
std::string load_playbook_json(const std::string& text) {
    earshot::Playbook pb;
    std::vector<std::string> errors;
    if (!earshot::wire::playbook_from_text(text, pb, errors)) return earshot::wire::dump({{"ok", false}, {"errors", errors}});
    triager() = std::make_unique<earshot::Triager>(std::move(pb), triager()->models());
    return earshot::wire::dump({{"ok", true}, {"errors", nlohmann::json::array()}});
}

/// Loads a built-in playbook by name ("default", "airline").
std::string use_builtin_playbook(const std::string& name) {
    const auto text = earshot::builtin_playbook_json(name);
    if (text.empty()) return earshot::wire::dump({{"ok", false}, {"errors", {"unknown built-in playbook '" + name + "'"}}});
    return load_playbook_json(std::string(text));
}

std::string playbook_json() { return earshot::wire::dump(earshot::wire::playbook_to_json(triager()->playbook())); }

double vader_compound(const std::string& text) { return earshot::vader_polarity(text).compound; }

/// Benchmark helper: triages `count` mentions cycling through the newline-separated texts (no JSON on the way, one
/// reused result, explanation text only when `explain`), returns how many were complaints. Timing is done by the
/// caller (bench/triage_speed.bench.mjs).
double triage_batch(const std::string& texts, double count, bool explain) {
    std::vector<earshot::Mention> mentions;
    std::size_t start = 0;
    while (start <= texts.size()) {
        std::size_t nl = texts.find('\n', start);
        if (nl == std::string::npos) nl = texts.size();
        if (nl > start) {
            earshot::Mention m;
            m.text = texts.substr(start, nl - start);
            mentions.push_back(std::move(m));
        }
        start = nl + 1;
    }
    if (mentions.empty()) return 0;
    const auto& t = *triager();
    double complaints = 0;
    const auto n = static_cast<std::size_t>(count);
    earshot::Triage out;
    earshot::TriageContext ctx;
    ctx.explain = explain;
    for (std::size_t i = 0; i < n; ++i) {
        t.triage_into(mentions[i % mentions.size()], ctx, out);
        complaints += out.complaint ? 1 : 0;
    }
    return complaints;
}

} // namespace

EMSCRIPTEN_BINDINGS(earshot_triage) {
    emscripten::function("classify", &classify_json);
    emscripten::function("loadPlaybook", &load_playbook_json);
    emscripten::function("useBuiltinPlaybook", &use_builtin_playbook);
    emscripten::function("playbook", &playbook_json);
    emscripten::function("vaderCompound", &vader_compound);
    emscripten::function("triageBatch", &triage_batch);
}

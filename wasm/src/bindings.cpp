// embind bindings of the earshot core. The API is small and coarse: strings in, JSON strings out.
// The hand-written ES module (wasm/js/earshot.mjs) parses the JSON and hides embind from callers.

#include "earshot/tokenizer.hpp"
#include "earshot/version.hpp"
#include "earshot/wire/tokens_json.hpp"

#include <emscripten/bind.h>

#include <string>

namespace {

std::string version() { return earshot::kVersion; }

std::string tokenize_json(const std::string& text) {
    return earshot::wire::dump(earshot::wire::tokenized_to_json(text, earshot::tokenize(text)));
}

} // namespace

EMSCRIPTEN_BINDINGS(earshot_core) {
    emscripten::function("version", &version);
    emscripten::function("tokenize", &tokenize_json);
}

// embind bindings of the trainable text classifier: train in the page (or a worker), predict, explain.
// Strings in, JSON strings out; models cross the boundary as base64 of the same bytes `earshot train` writes,
// and are kept loaded behind small integer handles.

#include "earshot/classifier.hpp"
#include "earshot/metrics.hpp"
#include "earshot/wire/classifier_json.hpp"
#include "earshot/wire/tokens_json.hpp"

#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <map>
#include <string>

namespace {

using nlohmann::json;
using earshot::TextClassifier;

std::map<int, TextClassifier>& models() {
    static std::map<int, TextClassifier> m;
    return m;
}
int next_handle = 1;

std::string error_json(const std::string& message) { return earshot::wire::dump(json{{"error", message}}); }

json model_info(int handle, const TextClassifier& m, const std::string& bytes) {
    return {{"handle", handle},
            {"model", earshot::wire::base64_encode(bytes)},
            {"labels", m.labels()},
            {"num_features", m.num_features()},
            {"size_bytes", bytes.size()},
            {"memory_bytes", m.memory_bytes()}};
}

/// examplesJson: [{"text","label"}, ...] or {"texts":[...],"labels":[...]}.
/// optionsJson: training options (see wire::train_options_from_json) plus optional "cv": K.
/// progress: a JS function (epoch, total, loss[, fold, folds]) or undefined.
std::string train_classifier(const std::string& examples_json, const std::string& options_json, emscripten::val progress) {
    const json ex = json::parse(examples_json, nullptr, false);
    if (ex.is_discarded()) return error_json("examples are not valid JSON");
    std::vector<std::string> texts, labels;
    if (ex.is_array()) {
        for (std::size_t i = 0; i < ex.size(); ++i) {
            const json& e = ex[i];
            if (!e.is_object() || !e.contains("text") || !e["text"].is_string())
                return error_json("example " + std::to_string(i) + ": needs a string \"text\"");
            if (!e.contains("label") || !(e["label"].is_string() || e["label"].is_number() || e["label"].is_boolean()))
                return error_json("example " + std::to_string(i) + ": needs a \"label\" (string, number or boolean)");
            texts.push_back(e["text"].get<std::string>());
            labels.push_back(e["label"].is_string() ? e["label"].get<std::string>() : e["label"].dump());
        }
    } else if (ex.is_object() && ex.contains("texts") && ex.contains("labels") && ex["texts"].is_array() &&
               ex["labels"].is_array()) {
        for (const auto& t : ex["texts"]) {
            if (!t.is_string()) return error_json("\"texts\" must hold strings");
            texts.push_back(t.get<std::string>());
        }
        for (const auto& l : ex["labels"]) {
            if (!l.is_string()) return error_json("\"labels\" must hold strings");
            labels.push_back(l.get<std::string>());
        }
    } else {
        return error_json("examples must be [{\"text\",\"label\"}, ...] or {\"texts\":[...],\"labels\":[...]}");
    }

    earshot::TrainOptions opt;
    int cv = 0;
    json oj = options_json.empty() ? json::object() : json::parse(options_json, nullptr, false);
    if (oj.is_discarded() || !oj.is_object()) return error_json("options must be a JSON object");
    if (oj.contains("cv")) {
        if (!oj["cv"].is_number_unsigned() || oj["cv"].get<std::uint64_t>() < 2 || oj["cv"].get<std::uint64_t>() > 100)
            return error_json("option \"cv\" must be an integer from 2 to 100");
        cv = static_cast<int>(oj["cv"].get<std::uint64_t>());
        oj.erase("cv");
    }
    std::string err;
    if (!earshot::wire::train_options_from_json(oj, opt, &err)) return error_json(err);
    const bool has_cb = progress.typeOf().as<std::string>() == "function";
    int fold = 0;
    if (has_cb) {
        opt.progress = [&](int epoch, int total, double loss) { progress(epoch, total, loss, fold, cv); };
    }

    try {
        json out = json::object();
        if (cv > 0) {
            const double t0 = emscripten_get_now();
            fold = 1;
            const auto r = earshot::cross_validate(texts, labels, opt, cv, [&](int f, int, double) { fold = f + 1; });
            json cvj = earshot::wire::report_to_json(r.pooled, false);
            cvj["folds"] = cv;
            cvj["fold_accuracy"] = json::array();
            for (double a : r.fold_accuracy) cvj["fold_accuracy"].push_back(earshot::round4(a));
            cvj["ms"] = emscripten_get_now() - t0;
            out["cv"] = std::move(cvj);
            fold = 0;
        }
        const double t0 = emscripten_get_now();
        TextClassifier model = TextClassifier::train(texts, labels, opt);
        const double ms = emscripten_get_now() - t0;
        const std::string bytes = model.serialize();
        const int handle = next_handle++;
        json info = model_info(handle, model, bytes);
        models().emplace(handle, std::move(model));
        info["train_ms"] = ms;
        info["examples"] = texts.size();
        for (auto it = out.begin(); it != out.end(); ++it) info[it.key()] = it.value();
        return earshot::wire::dump(info);
    } catch (const std::exception& e) {
        return error_json(e.what());
    }
}

std::string load_classifier(const std::string& base64) {
    auto bytes = earshot::wire::base64_decode(base64);
    if (!bytes) return error_json("model is not valid base64");
    std::string err;
    auto m = TextClassifier::deserialize(*bytes, &err);
    if (!m) return error_json("cannot load model: " + err);
    const int handle = next_handle++;
    json info = model_info(handle, *m, *bytes);
    info.erase("model");
    models().emplace(handle, std::move(*m));
    return earshot::wire::dump(info);
}

const TextClassifier* find(int handle) {
    auto it = models().find(handle);
    return it == models().end() ? nullptr : &it->second;
}

std::string predict_classifier(int handle, const std::string& text, int explain_k) {
    const TextClassifier* m = find(handle);
    if (!m) return error_json("no classifier with handle " + std::to_string(handle));
    const earshot::Prediction p = m->predict(text);
    json j = earshot::wire::prediction_to_json(*m, p);
    if (explain_k > 0)
        j["explanation"] = earshot::wire::contributions_to_json(m->explain(text, p.label, static_cast<std::size_t>(explain_k)));
    return earshot::wire::dump(j);
}

std::string predict_classifier_batch(int handle, const std::string& texts_json) {
    const TextClassifier* m = find(handle);
    if (!m) return error_json("no classifier with handle " + std::to_string(handle));
    const json texts = json::parse(texts_json, nullptr, false);
    if (texts.is_discarded() || !texts.is_array()) return error_json("texts must be a JSON array of strings");
    json out = json::array();
    for (const auto& t : texts) {
        if (!t.is_string()) return error_json("texts must be a JSON array of strings");
        out.push_back(earshot::wire::prediction_to_json(*m, m->predict(t.get<std::string>())));
    }
    return earshot::wire::dump(out);
}

std::string explain_classifier(int handle, const std::string& text, const std::string& label, int k) {
    const TextClassifier* m = find(handle);
    if (!m) return error_json("no classifier with handle " + std::to_string(handle));
    const int idx = m->label_index(label);
    if (idx < 0) return error_json("unknown label \"" + label + "\"");
    return earshot::wire::dump(
        earshot::wire::contributions_to_json(m->explain(text, static_cast<std::uint32_t>(idx), k > 0 ? k : 10)));
}

bool free_classifier(int handle) { return models().erase(handle) > 0; }

} // namespace

EMSCRIPTEN_BINDINGS(earshot_classifier) {
    emscripten::function("trainClassifier", &train_classifier);
    emscripten::function("loadClassifier", &load_classifier);
    emscripten::function("predictClassifier", &predict_classifier);
    emscripten::function("predictClassifierBatch", &predict_classifier_batch);
    emscripten::function("explainClassifier", &explain_classifier);
    emscripten::function("freeClassifier", &free_classifier);
}

#include "earshot/wire/classifier_json.hpp"

#include "earshot/csv.hpp"
#include "earshot/wire/tokens_json.hpp"

#include <stdexcept>

namespace earshot::wire {

using nlohmann::json;

const json* find_field(const json& object, const std::string& path) {
    if (!object.is_object()) return nullptr;
    if (auto it = object.find(path); it != object.end()) return &*it;
    const json* cur = &object;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = path.find('.', start);
        const std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (!cur->is_object()) return nullptr;
        auto it = cur->find(key);
        if (it == cur->end()) return nullptr;
        cur = &*it;
        if (dot == std::string::npos) return cur;
        start = dot + 1;
    }
}

namespace {

bool fail(std::string* error, const std::string& what) {
    if (error) *error = what;
    return false;
}

std::string where(std::size_t line) { return "line " + std::to_string(line) + ": "; }

std::optional<std::string> label_text(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return v.get<bool>() ? std::string("true") : std::string("false");
    if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
    if (v.is_number_float()) return v.dump();
    return std::nullopt;
}

std::string join_columns(const std::vector<std::string>& h) {
    std::string s;
    for (const auto& c : h) s += (s.empty() ? "" : ", ") + c;
    return s;
}

} // namespace

std::optional<LabeledData> read_labeled(std::string_view data, DataFormat format, const std::string& text_field,
                                        const std::string& label_field, std::string* error) {
    LabeledData out;
    const bool want_label = !label_field.empty();
    if (format == DataFormat::Csv) {
        CsvError cerr;
        auto table = parse_csv(data, &cerr);
        if (!table) {
            fail(error, cerr.message);
            return std::nullopt;
        }
        const int tc = table->column(text_field);
        if (tc < 0) {
            fail(error, "no column \"" + text_field + "\" in the CSV header (columns: " + join_columns(table->header) + ")");
            return std::nullopt;
        }
        const int lc = want_label ? table->column(label_field) : -1;
        if (want_label && lc < 0) {
            fail(error, "no column \"" + label_field + "\" in the CSV header (columns: " + join_columns(table->header) + ")");
            return std::nullopt;
        }
        for (std::size_t i = 0; i < table->rows.size(); ++i) {
            auto& row = table->rows[i];
            if (want_label && row[lc].empty()) {
                fail(error, where(table->row_lines[i]) + "empty label in column \"" + label_field + "\"");
                return std::nullopt;
            }
            out.texts.push_back(std::move(row[tc]));
            if (want_label) out.labels.push_back(std::move(row[lc]));
            out.lines.push_back(table->row_lines[i]);
        }
    } else {
        std::size_t line = 0;
        std::size_t pos = 0;
        while (pos <= data.size()) {
            std::size_t nl = data.find('\n', pos);
            if (nl == std::string_view::npos) nl = data.size();
            std::string_view l = data.substr(pos, nl - pos);
            pos = nl + 1;
            ++line;
            if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
            if (l.find_first_not_of(" \t") == std::string_view::npos) {
                if (nl == data.size()) break;
                continue;
            }
            json obj = json::parse(l, nullptr, false);
            if (obj.is_discarded()) {
                fail(error, where(line) + "not valid JSON");
                return std::nullopt;
            }
            if (!obj.is_object()) {
                fail(error, where(line) + "expected a JSON object");
                return std::nullopt;
            }
            const json* t = find_field(obj, text_field);
            if (!t) {
                fail(error, where(line) + "field \"" + text_field + "\" is missing");
                return std::nullopt;
            }
            if (!t->is_string()) {
                fail(error, where(line) + "field \"" + text_field + "\" must be a string");
                return std::nullopt;
            }
            if (want_label) {
                const json* lab = find_field(obj, label_field);
                if (!lab) {
                    fail(error, where(line) + "field \"" + label_field + "\" is missing");
                    return std::nullopt;
                }
                auto s = label_text(*lab);
                if (!s || s->empty()) {
                    fail(error, where(line) + "field \"" + label_field + "\" must be a non-empty string, number or boolean");
                    return std::nullopt;
                }
                out.labels.push_back(std::move(*s));
            }
            out.texts.push_back(t->get<std::string>());
            out.lines.push_back(line);
            if (nl == data.size()) break;
        }
    }
    if (out.texts.empty()) {
        fail(error, "no examples in the input");
        return std::nullopt;
    }
    return out;
}

json train_options_to_json(const TrainOptions& o) {
    const auto& f = o.features;
    return {{"epochs", o.epochs},
            {"learning_rate", o.learning_rate},
            {"l2", o.l2},
            {"seed", o.seed},
            {"min_df", o.min_df},
            {"features",
             {{"hash_bits", f.hash_bits},
              {"word_ngrams", {f.word_ngram_min, f.word_ngram_max}},
              {"char_ngrams", {f.char_ngram_min, f.char_ngram_max}},
              {"skip_window", f.skip_window},
              {"special_tokens", f.special_tokens},
              {"stem", f.stem},
              {"sublinear_tf", f.sublinear_tf},
              {"idf", f.idf},
              {"char_weight", f.char_weight}}}};
}

bool train_options_from_json(const json& j, TrainOptions& o, std::string* error) {
    if (!j.is_object()) return fail(error, "training options must be a JSON object");
    TrainOptions t = o;
    auto num = [&](const json& v, const char* name, double lo, double hi, double& out) {
        if (!v.is_number()) return fail(error, std::string("option \"") + name + "\" must be a number");
        const double d = v.get<double>();
        if (!(d >= lo && d <= hi))
            return fail(error, std::string("option \"") + name + "\" is out of range");
        out = d;
        return true;
    };
    auto integer = [&](const json& v, const char* name, double lo, double hi, double& out) {
        if (!v.is_number_integer() && !v.is_number_unsigned())
            return fail(error, std::string("option \"") + name + "\" must be an integer");
        return num(v, name, lo, hi, out);
    };
    auto range = [&](const json& v, const char* name, std::uint8_t& lo, std::uint8_t& hi) {
        if (!v.is_array() || v.size() != 2 || !v[0].is_number_unsigned() || !v[1].is_number_unsigned())
            return fail(error, std::string("option \"") + name + "\" must be [min, max] (use [0, 0] to disable)");
        const auto a = v[0].get<std::uint64_t>(), b = v[1].get<std::uint64_t>();
        if (a > 10 || b > 10) return fail(error, std::string("option \"") + name + "\" is out of range");
        lo = static_cast<std::uint8_t>(a);
        hi = static_cast<std::uint8_t>(b);
        return true;
    };
    auto boolean = [&](const json& v, const char* name, bool& out) {
        if (!v.is_boolean()) return fail(error, std::string("option \"") + name + "\" must be true or false");
        out = v.get<bool>();
        return true;
    };
    double d = 0;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& k = it.key();
        const json& v = it.value();
        if (k == "epochs") {
            if (!integer(v, "epochs", 1, 10000, d)) return false;
            t.epochs = static_cast<int>(d);
        } else if (k == "learning_rate") {
            if (!num(v, "learning_rate", 1e-9, 1e6, d)) return false;
            t.learning_rate = d;
        } else if (k == "l2") {
            if (!num(v, "l2", 0, 1, d)) return false;
            t.l2 = d;
        } else if (k == "seed") {
            if (!v.is_number_unsigned()) return fail(error, "option \"seed\" must be a non-negative integer");
            t.seed = v.get<std::uint64_t>();
        } else if (k == "min_df") {
            if (!integer(v, "min_df", 1, 1e9, d)) return false;
            t.min_df = static_cast<std::uint32_t>(d);
        } else if (k == "features") {
            if (!v.is_object()) return fail(error, "option \"features\" must be an object");
            auto& f = t.features;
            for (auto ft = v.begin(); ft != v.end(); ++ft) {
                const std::string& fk = ft.key();
                const json& fv = ft.value();
                if (fk == "hash_bits") {
                    if (!integer(fv, "hash_bits", 12, 30, d)) return false;
                    f.hash_bits = static_cast<std::uint8_t>(d);
                } else if (fk == "word_ngrams") {
                    if (!range(fv, "word_ngrams", f.word_ngram_min, f.word_ngram_max)) return false;
                } else if (fk == "char_ngrams") {
                    if (!range(fv, "char_ngrams", f.char_ngram_min, f.char_ngram_max)) return false;
                } else if (fk == "skip_window") {
                    if (!integer(fv, "skip_window", 0, 8, d)) return false;
                    f.skip_window = static_cast<std::uint8_t>(d);
                } else if (fk == "special_tokens") {
                    if (!boolean(fv, "special_tokens", f.special_tokens)) return false;
                } else if (fk == "stem") {
                    if (!boolean(fv, "stem", f.stem)) return false;
                } else if (fk == "sublinear_tf") {
                    if (!boolean(fv, "sublinear_tf", f.sublinear_tf)) return false;
                } else if (fk == "idf") {
                    if (!boolean(fv, "idf", f.idf)) return false;
                } else if (fk == "char_weight") {
                    if (!num(fv, "char_weight", 1e-6, 1000, d)) return false;
                    f.char_weight = static_cast<float>(d);
                } else {
                    return fail(error, "unknown feature option \"" + fk + "\"");
                }
            }
        } else {
            return fail(error, "unknown training option \"" + k + "\"");
        }
    }
    o = std::move(t);
    return true;
}

json prediction_to_json(const TextClassifier& model, const Prediction& p) {
    json probs = json::object();
    for (std::size_t i = 0; i < p.probabilities.size() && i < model.labels().size(); ++i)
        probs[model.labels()[i]] = round4(p.probabilities[i]);
    return {{"label", p.name}, {"confidence", round4(p.confidence)}, {"probabilities", std::move(probs)}};
}

json contributions_to_json(const std::vector<Contribution>& cs) {
    json a = json::array();
    for (const auto& c : cs)
        a.push_back({{"feature", c.feature},
                     {"value", round4(c.value)},
                     {"weight", round4(c.weight)},
                     {"contribution", round4(c.contribution)}});
    return a;
}

json report_to_json(const EvalReport& r, bool full_matrix) {
    json per = json::array();
    for (const auto& m : r.per_class)
        per.push_back({{"label", m.label},
                       {"support", m.support},
                       {"predicted", m.predicted},
                       {"precision", round4(m.precision)},
                       {"recall", round4(m.recall)},
                       {"f1", round4(m.f1)}});
    json top = json::array();
    for (const auto& c : r.top_confusions(20))
        top.push_back({{"truth", r.labels[c.truth]}, {"predicted", r.labels[c.predicted]}, {"count", c.count}});
    json j = {{"examples", r.total},      {"correct", r.correct}, {"accuracy", round4(r.accuracy)},
              {"macro_f1", round4(r.macro_f1)}, {"per_class", std::move(per)}, {"top_confusions", std::move(top)}};
    if (full_matrix) {
        j["labels"] = r.labels;
        json m = json::array();
        const std::size_t n = r.labels.size();
        for (std::size_t t = 0; t < n; ++t) {
            json row = json::array();
            for (std::size_t p = 0; p < n; ++p) row.push_back(r.confusion[t * n + p]);
            m.push_back(std::move(row));
        }
        j["confusion"] = std::move(m);
    }
    return j;
}

namespace {
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = static_cast<std::uint8_t>(bytes[i]) << 16 | static_cast<std::uint8_t>(bytes[i + 1]) << 8 |
                                static_cast<std::uint8_t>(bytes[i + 2]);
        out += kB64[v >> 18];
        out += kB64[(v >> 12) & 63];
        out += kB64[(v >> 6) & 63];
        out += kB64[v & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t v = static_cast<std::uint8_t>(bytes[i]) << 16;
        if (rest == 2) v |= static_cast<std::uint8_t>(bytes[i + 1]) << 8;
        out += kB64[v >> 18];
        out += kB64[(v >> 12) & 63];
        out += rest == 2 ? kB64[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size() / 4 * 3);
    std::uint32_t acc = 0;
    int bits = 0;
    std::size_t pad = 0, chars = 0;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        int v;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        else if (c >= '0' && c <= '9') v = c - '0' + 52;
        else if (c == '+' || c == '-') v = 62;
        else if (c == '/' || c == '_') v = 63;
        else if (c == '=') {
            ++pad;
            ++chars;
            continue;
        } else return std::nullopt;
        if (pad > 0) return std::nullopt; // data after padding
        ++chars;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xff));
        }
    }
    if (pad > 2 || (pad > 0 && chars % 4 != 0) || chars % 4 == 1) return std::nullopt;
    return out;
}

} // namespace earshot::wire

#include "earshot/classifier.hpp"
#include "earshot/detmath.hpp"
#include "earshot/metrics.hpp"
#include "earshot/wire/classifier_json.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace earshot;

namespace {

struct Toy {
    std::vector<std::string> texts;
    std::vector<std::string> labels;
};

/// Three separable topics, with varied wording.
Toy toy_data() {
    Toy t;
    const char* delivery[] = {"my parcel has not arrived", "where is my package", "delivery is late again",
                              "the courier never came", "order still not delivered", "tracking shows no movement",
                              "package stuck in transit", "when will my order arrive", "parcel lost by courier",
                              "delivery driver missed me"};
    const char* billing[] = {"i was charged twice", "refund my payment please", "wrong amount on my invoice",
                             "double charge on my card", "billing error on my account", "why was i charged a fee",
                             "my refund never came through", "invoice shows the wrong price",
                             "payment taken twice from my card", "overcharged for my subscription"};
    const char* praise[] = {"thank you so much, great service", "love this app", "amazing support team, thanks",
                            "best experience ever", "you guys are awesome", "great job, very happy",
                            "super helpful staff, thank you", "love the new update", "fantastic service as always",
                            "really happy with the support"};
    for (auto* s : delivery) t.texts.push_back(s), t.labels.push_back("delivery");
    for (auto* s : billing) t.texts.push_back(s), t.labels.push_back("billing");
    for (auto* s : praise) t.texts.push_back(s), t.labels.push_back("praise");
    return t;
}

TrainOptions quick() {
    TrainOptions o;
    o.epochs = 20;
    o.seed = 7;
    return o;
}

} // namespace

TEST_CASE("deterministic exp and log are accurate", "[classifier][detmath]") {
    for (double x : {-700.0, -30.5, -1.0, -1e-9, 0.0, 0.5, 1.0, 2.302585092994046, 10.0, 300.25}) {
        const double e = det_exp(x), ref = std::exp(x);
        CHECK(std::fabs(e - ref) <= 4e-16 * ref);
    }
    CHECK(det_exp(0.0) == 1.0);
    CHECK(det_exp(-800.0) == 0.0);
    CHECK(std::isinf(det_exp(800.0)));
    for (double x : {1e-300, 1e-5, 0.1, 0.9999, 1.0, 1.5, 2.0, 10.0, 12345.678, 1e300}) {
        const double l = det_log(x), ref = std::log(x);
        CHECK(std::fabs(l - ref) <= 4e-16 * std::max(1.0, std::fabs(ref)));
    }
    CHECK(det_log(1.0) == 0.0);
    CHECK(std::isinf(det_log(0.0)));
    CHECK(std::isnan(det_log(-1.0)));
    CHECK(det_sigmoid(0.0) == 0.5);
}

TEST_CASE("classifier learns separable toy topics", "[classifier]") {
    const Toy t = toy_data();
    const auto m = TextClassifier::train(t.texts, t.labels, quick());
    CHECK(m.labels() == std::vector<std::string>{"billing", "delivery", "praise"});
    for (std::size_t i = 0; i < t.texts.size(); ++i) CHECK(m.predict(t.texts[i]).name == t.labels[i]);
    // unseen phrasings
    CHECK(m.predict("my package hasn't arrived yet").name == "delivery");
    CHECK(m.predict("you charged me twice!!").name == "billing");
    CHECK(m.predict("thanks, awesome service").name == "praise");
    const Prediction p = m.predict("where is my parcel");
    REQUIRE(p.probabilities.size() == 3);
    double sum = 0;
    for (double q : p.probabilities) sum += q;
    CHECK(sum == Approx(1.0).epsilon(1e-12));
    CHECK(p.confidence == p.probabilities[p.label]);
    CHECK(p.confidence > 0.5);
}

TEST_CASE("pre-tokenised prediction equals text prediction", "[classifier]") {
    const Toy t = toy_data();
    const auto m = TextClassifier::train(t.texts, t.labels, quick());
    const std::string s = "@shop WHERE is my parcel?? 😡 https://t.co/x";
    const Prediction a = m.predict(s);
    const Prediction b = m.predict(tokenize(s), s);
    CHECK(a.label == b.label);
    CHECK(a.probabilities == b.probabilities);
}

TEST_CASE("training is deterministic for a seed", "[classifier]") {
    const Toy t = toy_data();
    const std::string a = TextClassifier::train(t.texts, t.labels, quick()).serialize();
    const std::string b = TextClassifier::train(t.texts, t.labels, quick()).serialize();
    CHECK(a == b);
    TrainOptions other = quick();
    other.seed = 8;
    CHECK(TextClassifier::train(t.texts, t.labels, other).serialize() != a);
}

TEST_CASE("serialize/deserialize round trip keeps predictions identical", "[classifier]") {
    const Toy t = toy_data();
    const auto m = TextClassifier::train(t.texts, t.labels, quick());
    const std::string bytes = m.serialize();
    std::string err;
    const auto back = TextClassifier::deserialize(bytes, &err);
    REQUIRE(back);
    CHECK(err.empty());
    CHECK(back->labels() == m.labels());
    CHECK(back->features() == m.features());
    CHECK(back->num_features() == m.num_features());
    CHECK(back->serialize() == bytes);
    for (const char* s : {"my parcel is late", "refund please", "", "😡😡😡", "totally unrelated words here"}) {
        CHECK(back->predict(s).probabilities == m.predict(s).probabilities);
    }
}

TEST_CASE("corrupt or truncated model bytes are rejected with an error", "[classifier]") {
    const Toy t = toy_data();
    const std::string bytes = TextClassifier::train(t.texts, t.labels, quick()).serialize();
    std::string err;
    SECTION("bad magic") {
        CHECK_FALSE(TextClassifier::deserialize("hello world, not a model", &err));
        CHECK(err.find("magic") != std::string::npos);
    }
    SECTION("empty") { CHECK_FALSE(TextClassifier::deserialize("", &err)); }
    SECTION("every truncation") {
        for (std::size_t n = 0; n < bytes.size(); n += 7) {
            CHECK_FALSE(TextClassifier::deserialize(std::string_view(bytes).substr(0, n), &err));
            CHECK_FALSE(err.empty());
        }
    }
    SECTION("a flipped byte anywhere") {
        for (std::size_t i = 0; i < bytes.size(); i += 5) {
            std::string bad = bytes;
            bad[i] = static_cast<char>(bad[i] ^ 0x20);
            err.clear();
            CHECK_FALSE(TextClassifier::deserialize(bad, &err));
            CHECK_FALSE(err.empty());
        }
    }
    SECTION("unknown version") {
        std::string bad = bytes;
        bad[4] = 9;
        CHECK_FALSE(TextClassifier::deserialize(bad, &err));
        CHECK(err.find("version") != std::string::npos);
    }
}

TEST_CASE("explain names the words behind a label", "[classifier]") {
    const Toy t = toy_data();
    const auto m = TextClassifier::train(t.texts, t.labels, quick());
    const auto c = m.explain("i was charged twice for one refund", static_cast<std::uint32_t>(m.label_index("billing")), 5);
    REQUIRE(c.size() == 5);
    for (std::size_t i = 1; i < c.size(); ++i) CHECK(std::fabs(c[i - 1].contribution) >= std::fabs(c[i].contribution));
    bool named = false;
    for (const auto& x : c) {
        CHECK(x.contribution == Approx(x.value * x.weight));
        if (x.feature == "word:\"charged\"" || x.feature == "word:\"twice\"" || x.feature == "bigram:\"charged twice\"" ||
            x.feature == "word:\"refund\"")
            named = true;
    }
    if (!named)
        for (const auto& x : c) WARN(x.feature << " " << x.contribution);
    CHECK(named);
    CHECK(m.explain("anything", 99, 5).empty());
}

TEST_CASE("training rejects bad input", "[classifier]") {
    CHECK_THROWS_AS(TextClassifier::train({"a", "b"}, {"x"}), std::invalid_argument);
    CHECK_THROWS_AS(TextClassifier::train({}, {}), std::invalid_argument);
    CHECK_THROWS_AS(TextClassifier::train({"a", "b"}, {"x", "x"}), std::invalid_argument);
    TrainOptions bad;
    bad.epochs = 0;
    CHECK_THROWS_AS(TextClassifier::train({"a", "b"}, {"x", "y"}, bad), std::invalid_argument);
    bad = {};
    bad.features.char_ngram_min = 4;
    bad.features.char_ngram_max = 2;
    CHECK_THROWS_AS(TextClassifier::train({"a", "b"}, {"x", "y"}, bad), std::invalid_argument);
}

TEST_CASE("classifier never crashes on empty, huge or invalid UTF-8 text", "[classifier]") {
    const Toy t = toy_data();
    const auto m = TextClassifier::train(t.texts, t.labels, quick());
    for (const std::string& s : {std::string(), std::string("\xff\xfe\xc3"), std::string(200000, 'a'),
                                 std::string("parcel \xe2\x82 late")}) {
        const Prediction p = m.predict(s);
        CHECK(p.probabilities.size() == 3);
        CHECK(p.label < 3);
    }
}

TEST_CASE("evaluation report counts accuracy, macro-F1 and confusions", "[classifier][metrics]") {
    const std::vector<std::string> labels{"a", "b", "c"};
    const EvalReport r = evaluate(labels, {0, 0, 1, 1, 2, 2}, {0, 1, 1, 1, 2, 0});
    CHECK(r.total == 6);
    CHECK(r.correct == 4);
    CHECK(r.accuracy == Approx(4.0 / 6));
    CHECK(r.at(0, 1) == 1);
    CHECK(r.per_class[1].precision == Approx(2.0 / 3));
    CHECK(r.per_class[1].recall == Approx(1.0));
    CHECK(r.per_class[2].recall == Approx(0.5));
    const double f1a = 0.5, f1b = 0.8, f1c = 2 * 1.0 * 0.5 / 1.5;
    CHECK(r.macro_f1 == Approx((f1a + f1b + f1c) / 3));
    const auto top = r.top_confusions(5);
    REQUIRE(top.size() == 2);
    CHECK(top[0].truth == 0);
    CHECK(top[0].predicted == 1);
}

TEST_CASE("cross-validation predicts every example once", "[classifier][metrics]") {
    const Toy t = toy_data();
    int folds = 0;
    const auto r = cross_validate(t.texts, t.labels, quick(), 5, [&](int, int, double) { ++folds; });
    CHECK(folds == 5);
    CHECK(r.pooled.total == t.texts.size());
    CHECK(r.fold_accuracy.size() == 5);
    CHECK(r.pooled.accuracy > 0.6);
    CHECK_THROWS_AS(cross_validate(t.texts, t.labels, quick(), 1), std::invalid_argument);
}

TEST_CASE("training options round-trip through JSON and reject typos", "[classifier][wire]") {
    TrainOptions o;
    o.epochs = 5;
    o.seed = 42;
    o.features.char_ngram_min = 0;
    o.features.char_ngram_max = 0;
    TrainOptions back;
    std::string err;
    REQUIRE(wire::train_options_from_json(wire::train_options_to_json(o), back, &err));
    CHECK(back.epochs == 5);
    CHECK(back.seed == 42);
    CHECK(back.features == o.features);
    CHECK_FALSE(wire::train_options_from_json({{"epoch", 3}}, back, &err));
    CHECK(err.find("epoch") != std::string::npos);
    CHECK_FALSE(wire::train_options_from_json({{"epochs", "many"}}, back, &err));
    CHECK(back.epochs == 5); // unchanged on error
}

TEST_CASE("labeled data is read from CSV and NDJSON with clear errors", "[classifier][wire]") {
    std::string err;
    auto csv = wire::read_labeled("text,category\n\"hi, there\",greet\nbye,leave\n", wire::DataFormat::Csv, "text",
                                  "category", &err);
    REQUIRE(csv);
    CHECK(csv->texts == std::vector<std::string>{"hi, there", "bye"});
    CHECK(csv->labels == std::vector<std::string>{"greet", "leave"});
    CHECK_FALSE(wire::read_labeled("text,cat\nx,y\n", wire::DataFormat::Csv, "text", "category", &err));
    CHECK(err.find("no column \"category\"") != std::string::npos);

    auto nd = wire::read_labeled("{\"text\":\"a\",\"t\":{\"c\":\"x\"}}\n\n{\"text\":\"b\",\"t\":{\"c\":3}}\n",
                                 wire::DataFormat::Ndjson, "text", "t.c", &err);
    REQUIRE(nd);
    CHECK(nd->labels == std::vector<std::string>{"x", "3"});
    CHECK(nd->lines == std::vector<std::size_t>{1, 3});
    CHECK_FALSE(wire::read_labeled("{\"text\":\"a\",\"l\":\"x\"}\n{\"text\":\"b\"}\n", wire::DataFormat::Ndjson, "text",
                                   "l", &err));
    CHECK(err == "line 2: field \"l\" is missing");
    CHECK_FALSE(wire::read_labeled("{\"text\":\"a\",\"l\":\"x\"}\n{oops\n", wire::DataFormat::Ndjson, "text", "l", &err));
    CHECK(err == "line 2: not valid JSON");
}

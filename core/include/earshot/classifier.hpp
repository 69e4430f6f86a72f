#pragma once
// A trainable linear text classifier: hashed word n-grams and character n-grams (TF-IDF weighted, L2-normalised)
// fed to a multinomial logistic regression trained by SGD.
//
//   TrainOptions opt;                       // defaults are tuned for short support messages
//   auto model = TextClassifier::train(texts, labels, opt);
//   Prediction p = model.predict("my card still hasn't arrived");
//   std::string bytes = model.serialize();  // compact versioned binary ("ESCL"), a few MB at most
//   auto back = TextClassifier::deserialize(bytes, &error);
//
// Deterministic: the same texts, labels and options (seed included) give byte-identical models, natively and in
// WebAssembly. Hashing uses fixed-width integers only, shuffling uses the classifier's own PRNG, and every
// transcendental function (exp, log) is core's own (earshot/detmath.hpp), never libm.
// A trained model holds int8 weights (one scale per class) for the hash buckets that carry weight; training and
// deserialisation produce exactly the same in-memory model, so predictions survive a round trip bit for bit.

#include "earshot/tokenizer.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot {

/// Which features a model extracts from a text. Stored in the model file.
struct FeatureConfig {
    std::uint8_t hash_bits = 22;     ///< hash space is 2^hash_bits buckets (16..30); only used buckets are stored
    std::uint8_t word_ngram_min = 1; ///< word n-grams over word-like tokens (0 disables word features)
    std::uint8_t word_ngram_max = 2;
    std::uint8_t char_ngram_min = 2; ///< character n-grams inside each word, with word boundaries (0 disables)
    std::uint8_t char_ngram_max = 5;
    std::uint8_t skip_window = 0;    ///< also pair each word with the words 2..skip_window positions later (0 = off)
    bool special_tokens = true;      ///< <handle>, <url>, <email>, <num>, <emoji>, <caps>, <elong>, <shout>, ...
    bool stem = true;                ///< add a light suffix-stripped stem of each word as an extra feature
    bool sublinear_tf = true;        ///< term weight 1 + log(tf) instead of tf
    bool idf = true;                 ///< multiply by inverse document frequency learned at training time
    float char_weight = 0.5f;        ///< relative weight of character n-grams against word features

    friend bool operator==(const FeatureConfig&, const FeatureConfig&) = default;
};

struct TrainOptions {
    int epochs = 20;
    double learning_rate = 2.0;  ///< initial SGD step; decays linearly to zero over the run
    double l2 = 1e-6;            ///< L2 regularisation strength per example
    std::uint64_t seed = 1;      ///< shuffling order; same seed + data + options = identical model bytes
    std::uint32_t min_df = 1;    ///< drop features seen in fewer training texts than this
    bool average = false;        ///< averaged SGD: the model is the mean of all SGD iterates (needs l2 = 0)
    FeatureConfig features;
    /// Called after each epoch with (epoch 1..total, total, mean training log-loss of that epoch).
    std::function<void(int epoch, int total, double loss)> progress;
};

struct Prediction {
    std::uint32_t label = 0;          ///< index into TextClassifier::labels()
    std::string name;                 ///< labels()[label]
    double confidence = 0;            ///< probabilities[label]
    std::vector<double> probabilities; ///< one per label, in labels() order; sums to 1
};

/// One readable feature's share of a label's score. A word collects its unigram, its stem and all the character
/// n-grams inside it, so explanations read as words and phrases rather than fragments.
struct Contribution {
    std::string feature;  ///< word:"missing", bigram:"still waiting", trigram:"...", special:<url>, special:<caps>
    double value = 0;     ///< the feature's summed normalised TF-IDF value in this text
    double weight = 0;    ///< contribution / value: the effective weight for the label
    double contribution = 0; ///< the amount added to the label's (pre-softmax) score
};

class TextClassifier {
public:
    TextClassifier() = default;

    /// Trains a model. Labels are sorted (byte order) to form labels(). Throws std::invalid_argument when texts and
    /// labels differ in size, there are no examples, fewer than two distinct labels, or options are out of range.
    static TextClassifier train(const std::vector<std::string>& texts, const std::vector<std::string>& labels,
                                const TrainOptions& options = {});

    Prediction predict(std::string_view text) const;
    /// Same as predict(text), reusing a tokenisation of text done by the caller (tokenise once, run many models).
    Prediction predict(const Tokenized& tokens, std::string_view text) const;
    /// out = predict(tokens, text), reusing out's storage (no allocation once warm).
    void predict_into(const Tokenized& tokens, std::string_view text, Prediction& out) const;
    /// pa = a.predict(tokens, text), pb = b.predict(tokens, text) (into pa's and pb's storage); the features are
    /// extracted once when both
    /// models use the same FeatureConfig.
    static void predict_both(const TextClassifier& a, const TextClassifier& b, const Tokenized& tokens,
                             std::string_view text, Prediction& pa, Prediction& pb);
    /// predict_into / predict_both of tokenize_with_suffix(tokens, text, words) given suffix = tokenize(words),
    /// without building that token list (only valid when tokenize_suffix_is_separate(text, words)).
    void predict_with_suffix(const Tokenized& tokens, const Tokenized& suffix, Prediction& out) const;
    static void predict_both_with_suffix(const TextClassifier& a, const TextClassifier& b, const Tokenized& tokens,
                                         const Tokenized& suffix, Prediction& pa, Prediction& pb);

    /// The k features that contributed most (by |contribution|, largest first) to the score of label `label`.
    std::vector<Contribution> explain(std::string_view text, std::uint32_t label, std::size_t k = 10) const;

    /// Compact, versioned binary model (magic "ESCL", checksummed).
    std::string serialize() const;
    /// Parses serialize()'s output; nullopt (and a message in *error) for anything else: wrong magic, unknown
    /// version, truncated or corrupted bytes.
    static std::optional<TextClassifier> deserialize(std::string_view bytes, std::string* error = nullptr);

    bool empty() const noexcept { return labels_.empty(); }
    const std::vector<std::string>& labels() const noexcept { return labels_; }
    /// Index of a label name, or -1.
    int label_index(std::string_view name) const noexcept;
    const FeatureConfig& features() const noexcept { return config_; }
    /// Number of hash buckets the model keeps weights for.
    std::size_t num_features() const noexcept { return buckets_.size(); }
    /// Approximate heap memory of the loaded model in bytes.
    std::size_t memory_bytes() const noexcept;

private:
    FeatureConfig config_;
    std::vector<std::string> labels_;
    std::vector<std::uint32_t> buckets_; ///< sorted hash buckets with weights
    std::vector<float> idf_;             ///< per bucket (1 when config_.idf is off); moved into packed_ by build_index()
    std::vector<std::int8_t> weights_;   ///< buckets_.size() x labels_.size(), row-major; moved into packed_ too
    std::vector<float> scales_;          ///< per label: weight = int8 * scale
    std::vector<float> bias_;            ///< per label
    float default_idf_ = 1;              ///< idf of a feature the model has no weights for (counts in the norm)
    std::vector<std::uint64_t> table_;   ///< open addressing: bucket << 32 | (row + 1), 0 = empty; not serialised
    std::uint32_t table_mask_ = 0;
    /// Prediction layout, not serialised: per row (at row * packed_stride_ bytes) the idf as a float, then the
    /// row's weights (as floats when the model is small, else int8), zero-padded to a multiple of 4 labels, so
    /// one lookup touches one place and the per-label loop runs in whole SIMD lanes.
    std::vector<std::uint32_t> packed_; ///< uint32 for float alignment; accessed as bytes
    std::uint32_t packed_stride_ = 0;   ///< bytes per row, a multiple of 4
    bool packed_float_ = false;         ///< weights stored as float (exact: every int8 is a float)

    void build_index();
    int find_row(std::uint32_t bucket) const noexcept;
    /// The packed row of a bucket (idf float, then int8 weights), or nullptr.
    const unsigned char* find_packed(std::uint32_t bucket) const noexcept;
    float row_idf(std::size_t row) const noexcept;
    float row_weight(std::size_t row, std::size_t label) const noexcept;

    friend struct ClassifierAccess;
};

/// Rounds to 4 decimals for printing (deterministic; half away from zero).
double round4(double x) noexcept;

} // namespace earshot

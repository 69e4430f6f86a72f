#include "earshot/cues.hpp"
#include "earshot/vader.hpp"

#include <catch2/catch.hpp>

using namespace earshot;

// Reference compounds printed by npm vader-sentiment 1.1.3 (polarity_scores(text).compound) for these sentences
// (the examples of the VADER paper and README); tests/js/triage.test.mjs compares thousands more against the package.
TEST_CASE("the VADER port reproduces the package on its own examples", "[vader]") {
    CHECK(vader_lexicon_size() > 7000);
    CHECK(vader_polarity("VADER is smart, handsome, and funny.").compound == Approx(0.8316).margin(1e-4));
    CHECK(vader_polarity("VADER is smart, handsome, and funny!").compound == Approx(0.8439).margin(1e-4));
    CHECK(vader_polarity("VADER is very smart, handsome, and funny.").compound == Approx(0.8545).margin(1e-4));
    CHECK(vader_polarity("VADER is VERY SMART, handsome, and FUNNY.").compound == Approx(0.9227).margin(1e-4));
    CHECK(vader_polarity("VADER is not smart, handsome, nor funny.").compound == Approx(-0.7424).margin(1e-4));
    CHECK(vader_polarity("The book was good.").compound == Approx(0.4404).margin(1e-4));
    CHECK(vader_polarity("The book was kind of good.").compound == Approx(0.3832).margin(1e-4));
    CHECK(vader_polarity("A really bad, horrible book.").compound == Approx(-0.8211).margin(1e-4));
    CHECK(vader_polarity("").compound == 0);
}

TEST_CASE("the customer-service calibration reads complaints VADER calls neutral", "[vader]") {
    const char* text = "my bag has been missing for 3 days";
    CHECK(vader_polarity_cs("still waiting, been on hold 2 hours").compound < vader_polarity("still waiting, been on hold 2 hours").compound);
    CHECK(vader_polarity("please help").compound > 0.5);   // VADER: polite words are positive
    CHECK(vader_polarity_cs("please help").compound < 0.3); // in support they are a request
    const Tokenized tk = tokenize(text);
    const CueAnalysis c = analyze_cues(text, tk);
    CHECK(c.score < -0.3);
    CHECK(c.complaint_cue);
}

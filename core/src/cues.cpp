#include "earshot/cues.hpp"

#include "earshot/utf8.hpp"
#include "earshot/vader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace earshot {
namespace {

enum : std::uint32_t {
    kComplaint = 1u << 0,
    kRepeat = 1u << 1,
    kChurn = 1u << 2,
    kLegal = 1u << 3,
    kSafety = 1u << 4,
    kTime = 1u << 5,
    kSpam = 1u << 6,
    kSarcasm = 1u << 7,  ///< sarcastic on its own ("thanks for nothing")
    kPraise = 1u << 8,
    kProfanity = 1u << 9,
    kPosWord = 1u << 10, ///< a positive word that sarcasm can flip ("great", "love", "thanks")
    kFlip = 1u << 11,    ///< "another", "as usual": turns a nearby positive word sarcastic when a complaint is present
    kQuestion = 1u << 12,
    kThanks = 1u << 13,
    kNeutralize = 1u << 14, ///< cancels politeness ("thanks in advance")
};

struct PhraseDef {
    const char* text; ///< space-separated lowercase words; "#" matches any number
    double weight;    ///< added to the sentiment score
    std::uint32_t flags;
};

// clang-format off
const PhraseDef kPhrases[] = {
    // complaints without negative words
    {"still waiting", -0.45, kComplaint | kRepeat}, {"still no", -0.4, kComplaint | kRepeat},
    {"still not", -0.4, kComplaint | kRepeat}, {"still haven't", -0.45, kComplaint | kRepeat},
    {"still hasn't", -0.45, kComplaint | kRepeat}, {"still havent", -0.45, kComplaint | kRepeat},
    {"still hasnt", -0.45, kComplaint | kRepeat}, {"still don't", -0.35, kComplaint | kRepeat},
    {"still nothing", -0.5, kComplaint | kRepeat}, {"still can't", -0.45, kComplaint | kRepeat},
    {"on hold", -0.35, kComplaint}, {"been waiting", -0.4, kComplaint}, {"waiting for", -0.15, kComplaint},
    {"waiting on", -0.15, kComplaint}, {"no one", -0.35, kComplaint}, {"no response", -0.45, kComplaint},
    {"no reply", -0.45, kComplaint}, {"no answer", -0.4, kComplaint}, {"no update", -0.4, kComplaint},
    {"no updates", -0.4, kComplaint}, {"no help", -0.45, kComplaint}, {"no info", -0.3, kComplaint},
    {"no information", -0.3, kComplaint}, {"no way to", -0.3, kComplaint}, {"no refund", -0.45, kComplaint},
    {"no call", -0.3, kComplaint}, {"no email", -0.3, kComplaint}, {"no explanation", -0.45, kComplaint},
    {"no communication", -0.45, kComplaint}, {"no notice", -0.35, kComplaint}, {"no show", -0.35, kComplaint},
    {"never arrived", -0.5, kComplaint}, {"never received", -0.5, kComplaint}, {"never got", -0.45, kComplaint},
    {"never came", -0.45, kComplaint}, {"never showed", -0.45, kComplaint}, {"never heard back", -0.5, kComplaint},
    {"hasn't arrived", -0.5, kComplaint}, {"hasnt arrived", -0.5, kComplaint}, {"has not arrived", -0.5, kComplaint},
    {"didn't arrive", -0.5, kComplaint}, {"didnt arrive", -0.5, kComplaint}, {"not arrived", -0.45, kComplaint},
    {"not received", -0.45, kComplaint}, {"haven't received", -0.45, kComplaint}, {"havent received", -0.45, kComplaint},
    {"didn't receive", -0.45, kComplaint}, {"didnt receive", -0.45, kComplaint}, {"not delivered", -0.45, kComplaint},
    {"wasn't delivered", -0.45, kComplaint}, {"not working", -0.45, kComplaint}, {"doesn't work", -0.45, kComplaint},
    {"doesnt work", -0.45, kComplaint}, {"does not work", -0.45, kComplaint}, {"won't work", -0.4, kComplaint},
    {"isn't working", -0.45, kComplaint}, {"isnt working", -0.45, kComplaint}, {"stopped working", -0.5, kComplaint},
    {"won't let me", -0.4, kComplaint}, {"wont let me", -0.4, kComplaint}, {"can't get through", -0.45, kComplaint},
    {"cant get through", -0.45, kComplaint}, {"can't log in", -0.4, kComplaint}, {"cant log in", -0.4, kComplaint},
    {"cannot log in", -0.4, kComplaint}, {"can't login", -0.4, kComplaint}, {"cant login", -0.4, kComplaint},
    {"can't access", -0.4, kComplaint}, {"cant access", -0.4, kComplaint}, {"unable to", -0.35, kComplaint},
    {"keeps crashing", -0.5, kComplaint}, {"keep getting", -0.3, kComplaint}, {"keeps saying", -0.3, kComplaint},
    {"where is my", -0.35, kComplaint}, {"where's my", -0.35, kComplaint}, {"wheres my", -0.35, kComplaint},
    {"where are my", -0.35, kComplaint}, {"what happened to my", -0.35, kComplaint}, {"why is my", -0.3, kComplaint},
    {"why can't", -0.3, kComplaint}, {"why cant", -0.3, kComplaint}, {"why won't", -0.3, kComplaint},
    {"why does it take", -0.4, kComplaint}, {"why would", -0.2, kComplaint}, {"why did", -0.2, kComplaint},
    {"# hours", -0.3, kComplaint}, {"# hrs", -0.3, kComplaint}, {"# days", -0.3, kComplaint},
    {"# weeks", -0.35, kComplaint}, {"# months", -0.35, kComplaint}, {"an hour", -0.2, kComplaint},
    {"over an hour", -0.35, kComplaint}, {"all day", -0.2, kComplaint}, {"since yesterday", -0.3, kComplaint},
    {"since last", -0.3, kComplaint}, {"for a week", -0.35, kComplaint}, {"for weeks", -0.4, kComplaint},
    {"for days", -0.35, kComplaint}, {"for hours", -0.35, kComplaint}, {"for months", -0.4, kComplaint},
    {"what a joke", -0.5, kComplaint}, {"so much for", -0.4, kComplaint | kSarcasm},
    {"not good enough", -0.4, kComplaint}, {"do better", -0.5, kComplaint}, {"fix this", -0.35, kComplaint},
    {"fix it", -0.3, kComplaint}, {"sort it out", -0.25, kComplaint}, {"get your act together", -0.6, kComplaint},
    {"answer the phone", -0.35, kComplaint}, {"pick up the phone", -0.35, kComplaint}, {"answer your phone", -0.35, kComplaint},
    {"my money back", -0.5, kComplaint}, {"want a refund", -0.35, kComplaint}, {"full refund", -0.3, kComplaint},
    {"charged twice", -0.5, kComplaint}, {"charged me twice", -0.5, kComplaint}, {"double charged", -0.5, kComplaint},
    {"charged me", -0.3, kComplaint}, {"took my money", -0.45, kComplaint}, {"wrong order", -0.4, kComplaint},
    {"wrong item", -0.4, kComplaint}, {"wrong size", -0.35, kComplaint}, {"missing items", -0.4, kComplaint},
    {"missing item", -0.4, kComplaint}, {"lost my", -0.3, kComplaint}, {"lost our", -0.3, kComplaint},
    {"missed my", -0.35, kComplaint}, {"missed our", -0.35, kComplaint}, {"miss my", -0.3, kComplaint},
    {"stuck in", -0.2, kComplaint}, {"stuck at", -0.2, kComplaint}, {"stuck on", -0.2, kComplaint},
    {"cancelled my", -0.3, kComplaint}, {"canceled my", -0.3, kComplaint}, {"delayed again", -0.3, kComplaint | kRepeat},
    {"any update", -0.15, kComplaint}, {"any updates", -0.15, kComplaint}, {"please fix", -0.3, kComplaint},
    {"please respond", -0.35, kComplaint}, {"please help", -0.2, kComplaint}, {"need help", -0.15, kComplaint},
    {"need someone", -0.2, kComplaint}, {"hung up", -0.45, kComplaint}, {"customer service", -0.1, kComplaint},
    {"no longer", -0.2, 0}, {"not even", -0.25, 0}, {"left me", -0.25, kComplaint}, {"left us", -0.25, kComplaint},
    {"nowhere to be found", -0.45, kComplaint}, {"not a single", -0.3, kComplaint}, {"first world", 0, 0},
    {"without any", -0.25, kComplaint}, {"without a", -0.15, 0}, {"had to pay", -0.3, kComplaint},
    {"have to pay", -0.25, kComplaint}, {"had to buy", -0.3, kComplaint}, {"out of pocket", -0.35, kComplaint},
    {"not acceptable", -0.4, kComplaint}, {"not ok", -0.45, kComplaint}, {"not okay", -0.45, kComplaint},
    {"not cool", -0.45, kComplaint}, {"not impressed", -0.4, kComplaint}, {"not happy", -0.3, kComplaint},
    {"not helpful", -0.35, kComplaint}, {"hasn't updated", -0.4, kComplaint}, {"hasnt updated", -0.4, kComplaint},
    {"not updated", -0.35, kComplaint}, {"no movement", -0.35, kComplaint}, {"since monday", -0.3, kComplaint},
    {"since tuesday", -0.3, kComplaint}, {"since wednesday", -0.3, kComplaint}, {"since thursday", -0.3, kComplaint},
    {"since friday", -0.3, kComplaint}, {"since saturday", -0.3, kComplaint}, {"since sunday", -0.3, kComplaint},
    {"since this morning", -0.3, kComplaint}, {"since #", -0.25, kComplaint}, {"not the first time", -0.45, kComplaint | kRepeat},
    // repeat contact
    {"second time", -0.35, kComplaint | kRepeat}, {"2nd time", -0.35, kComplaint | kRepeat},
    {"3rd time", -0.45, kComplaint | kRepeat}, {"4th time", -0.5, kComplaint | kRepeat}, {"5th time", -0.5, kComplaint | kRepeat},
    {"nth time", -0.5, kComplaint | kRepeat}, {"third time", -0.45, kComplaint | kRepeat},
    {"fourth time", -0.5, kComplaint | kRepeat}, {"fifth time", -0.5, kComplaint | kRepeat},
    {"# times", -0.3, kComplaint | kRepeat}, {"multiple times", -0.35, kComplaint | kRepeat},
    {"several times", -0.35, kComplaint | kRepeat}, {"many times", -0.3, kComplaint | kRepeat},
    {"how many times", -0.45, kComplaint | kRepeat}, {"yet again", -0.45, kComplaint | kRepeat},
    {"once again", -0.3, kComplaint | kRepeat}, {"every time", -0.25, kComplaint | kRepeat},
    {"every single time", -0.4, kComplaint | kRepeat}, {"keep calling", -0.35, kComplaint | kRepeat},
    {"keep asking", -0.35, kComplaint | kRepeat}, {"already called", -0.35, kComplaint | kRepeat},
    {"already emailed", -0.35, kComplaint | kRepeat}, {"already contacted", -0.35, kComplaint | kRepeat},
    {"already told", -0.35, kComplaint | kRepeat}, {"i've called", -0.3, kComplaint | kRepeat},
    {"ive called", -0.3, kComplaint | kRepeat}, {"called #", -0.2, kComplaint | kRepeat},
    {"emailed #", -0.2, kComplaint | kRepeat}, {"follow up", -0.1, kRepeat}, {"following up", -0.15, kRepeat},
    {"as i said", -0.25, kRepeat}, {"i told you", -0.3, kRepeat}, {"been asking", -0.3, kComplaint | kRepeat},
    {"again and again", -0.45, kComplaint | kRepeat}, {"same problem", -0.35, kComplaint | kRepeat},
    {"same issue", -0.35, kComplaint | kRepeat}, {"happened again", -0.45, kComplaint | kRepeat},
    {"late again", -0.45, kComplaint | kRepeat}, {"down again", -0.45, kComplaint | kRepeat},
    // churn
    {"switching to", -0.3, kChurn | kComplaint}, {"switch to", -0.2, kChurn}, {"cancel my", -0.25, kChurn},
    {"cancelling my", -0.3, kChurn}, {"canceling my", -0.3, kChurn}, {"close my account", -0.35, kChurn},
    {"closing my account", -0.4, kChurn}, {"never again", -0.55, kChurn | kComplaint}, {"#neveragain", -0.6, kChurn | kComplaint},
    {"never flying", -0.5, kChurn | kComplaint}, {"never fly", -0.5, kChurn | kComplaint},
    {"never ordering", -0.5, kChurn | kComplaint}, {"never order", -0.45, kChurn | kComplaint},
    {"never buying", -0.5, kChurn | kComplaint}, {"never buy", -0.45, kChurn | kComplaint},
    {"never shopping", -0.5, kChurn | kComplaint}, {"never using", -0.5, kChurn | kComplaint},
    {"never use", -0.4, kChurn | kComplaint}, {"never staying", -0.5, kChurn | kComplaint},
    {"last time i", -0.35, kChurn | kComplaint}, {"taking my business", -0.5, kChurn | kComplaint},
    {"take my business", -0.45, kChurn | kComplaint}, {"done with you", -0.5, kChurn | kComplaint},
    {"i'm done", -0.35, kChurn}, {"im done", -0.35, kChurn}, {"won't be back", -0.5, kChurn | kComplaint},
    {"wont be back", -0.5, kChurn | kComplaint}, {"will not be back", -0.5, kChurn | kComplaint},
    {"find another", -0.35, kChurn}, {"going elsewhere", -0.4, kChurn}, {"go elsewhere", -0.35, kChurn},
    {"lost a customer", -0.6, kChurn | kComplaint}, {"losing a customer", -0.5, kChurn | kComplaint},
    {"port my number", -0.3, kChurn}, {"leaving you", -0.4, kChurn}, {"moving to", -0.1, kChurn},
    {"never recommend", -0.5, kChurn | kComplaint}, {"not recommend", -0.45, kComplaint},
    // legal
    {"lawyer", -0.3, kLegal}, {"lawyers", -0.3, kLegal}, {"attorney", -0.3, kLegal}, {"sue", -0.35, kLegal},
    {"suing", -0.35, kLegal}, {"lawsuit", -0.35, kLegal}, {"legal action", -0.4, kLegal}, {"small claims", -0.4, kLegal},
    {"class action", -0.4, kLegal}, {"ombudsman", -0.3, kLegal}, {"regulator", -0.3, kLegal}, {"fcc", -0.3, kLegal},
    {"ftc", -0.3, kLegal}, {"bbb", -0.3, kLegal}, {"cfpb", -0.3, kLegal}, {"trading standards", -0.35, kLegal},
    {"consumer protection", -0.3, kLegal}, {"report you", -0.3, kLegal}, {"reporting you", -0.35, kLegal},
    {"solicitor", -0.3, kLegal}, {"see you in court", -0.5, kLegal}, {"court", -0.2, kLegal},
    {"attorney general", -0.4, kLegal}, {"dot complaint", -0.35, kLegal}, {"file a complaint", -0.35, kLegal | kComplaint},
    {"filing a complaint", -0.35, kLegal | kComplaint},
    // safety
    {"caught fire", -0.6, kSafety}, {"on fire", -0.4, kSafety}, {"fire", -0.3, kSafety}, {"smoke", -0.3, kSafety},
    {"smoking", -0.2, kSafety}, {"burn", -0.3, kSafety}, {"burned", -0.4, kSafety}, {"burnt", -0.3, kSafety},
    {"burns", -0.3, kSafety}, {"injured", -0.5, kSafety}, {"injury", -0.5, kSafety}, {"injuries", -0.5, kSafety},
    {"bleeding", -0.5, kSafety}, {"unsafe", -0.5, kSafety}, {"dangerous", -0.5, kSafety}, {"danger", -0.4, kSafety},
    {"exploded", -0.6, kSafety}, {"explosion", -0.6, kSafety}, {"electric shock", -0.6, kSafety},
    {"electrocuted", -0.6, kSafety}, {"food poisoning", -0.6, kSafety}, {"poisoning", -0.5, kSafety},
    {"poisoned", -0.6, kSafety}, {"allergic reaction", -0.6, kSafety}, {"hospital", -0.4, kSafety},
    {"ambulance", -0.5, kSafety}, {"carbon monoxide", -0.6, kSafety}, {"gas leak", -0.6, kSafety},
    {"sparks", -0.4, kSafety}, {"sparking", -0.45, kSafety}, {"overheating", -0.4, kSafety},
    {"overheated", -0.4, kSafety}, {"choking", -0.5, kSafety}, {"harassed", -0.5, kSafety},
    {"harassment", -0.5, kSafety}, {"assaulted", -0.6, kSafety}, {"assault", -0.5, kSafety},
    {"glass in", -0.5, kSafety}, {"mold", -0.4, kSafety}, {"mould", -0.4, kSafety}, {"recall", -0.2, kSafety},
    {"hurt", -0.3, kSafety}, {"medical emergency", -0.5, kSafety | kTime}, {"emergency landing", -0.5, kSafety},
    // time pressure
    {"today", 0, kTime}, {"tonight", 0, kTime}, {"tomorrow", 0, kTime}, {"asap", -0.15, kTime},
    {"urgent", -0.2, kTime}, {"urgently", -0.2, kTime}, {"right now", -0.1, kTime}, {"immediately", -0.1, kTime},
    {"in # hours", 0, kTime}, {"in # minutes", 0, kTime}, {"in # mins", 0, kTime}, {"in an hour", 0, kTime},
    {"this morning", 0, kTime}, {"this afternoon", 0, kTime}, {"this evening", 0, kTime}, {"boarding", 0, kTime},
    {"departs", 0, kTime}, {"departing", 0, kTime}, {"leaving in", 0, kTime}, {"wedding", 0, kTime},
    {"funeral", -0.1, kTime}, {"interview", 0, kTime}, {"deadline", 0, kTime}, {"emergency", -0.3, kTime},
    {"stranded", 0, kTime}, {"due today", 0, kTime}, {"connection", 0, kTime}, {"by tomorrow", 0, kTime},
    // spam
    {"follow back", 0, kSpam}, {"follow me", 0, kSpam}, {"click here", 0, kSpam}, {"free followers", 0, kSpam},
    {"dm me for", 0, kSpam}, {"check my profile", 0, kSpam}, {"check out my", 0, kSpam}, {"giveaway", 0, kSpam},
    {"bitcoin", 0, kSpam}, {"crypto", 0, kSpam}, {"earn money", 0, kSpam}, {"make money", 0, kSpam},
    {"earn #", 0, kSpam}, {"promo code", 0, kSpam}, {"onlyfans", 0, kSpam}, {"link in bio", 0, kSpam},
    {"win a free", 0, kSpam}, {"investment opportunity", 0, kSpam}, {"forex", 0, kSpam}, {"from home", 0, kSpam},
    {"followers", 0, kSpam},
    // sarcasm cues
    {"thanks for nothing", -0.9, kSarcasm | kComplaint}, {"thank you for nothing", -0.9, kSarcasm | kComplaint},
    {"yeah right", -0.3, kSarcasm}, {"#not", -0.4, kSarcasm}, {"just what i needed", -0.3, kSarcasm},
    {"nothing like", -0.1, kFlip}, {"gotta love", -0.1, kFlip}, {"got to love", -0.1, kFlip},
    {"love how", -0.1, kFlip}, {"love that", 0, kFlip}, {"love when", -0.1, kFlip}, {"love it when", -0.1, kFlip},
    {"another", -0.1, kFlip}, {"as usual", -0.3, kFlip | kRepeat}, {"as always", -0.1, kFlip},
    {"classic", -0.1, kFlip}, {"of course", -0.05, kFlip}, {"oh great", -0.3, kFlip}, {"just great", -0.3, kFlip},
    {"great job", 0, kFlip}, {"good job", 0, kFlip}, {"well done", 0, kFlip}, {"way to go", 0, kFlip},
    {"thanks a lot", 0, kFlip}, {"real nice", 0, kFlip}, {"so helpful", 0, kFlip}, {"very helpful", 0, kFlip},
    {"wonderful", 0, kPosWord}, {"great", 0, kPosWord}, {"love", 0, kPosWord}, {"thanks", 0, kPosWord | kThanks},
    {"thank you", 0, kPosWord | kThanks}, {"thx", 0, kPosWord | kThanks}, {"ty", 0, kThanks}, {"awesome", 0, kPosWord},
    {"fantastic", 0, kPosWord}, {"brilliant", 0, kPosWord}, {"perfect", 0, kPosWord}, {"nice", 0, kPosWord},
    {"lovely", 0, kPosWord}, {"amazing", 0, kPosWord}, {"excellent", 0, kPosWord}, {"impressive", 0, kPosWord},
    {"superb", 0, kPosWord}, {"stellar", 0, kPosWord}, {"best", 0, kPosWord}, {"appreciate", 0, kPosWord | kThanks},
    // praise
    {"thank you so much", 0.25, kPraise | kThanks}, {"thanks so much", 0.25, kPraise | kThanks},
    {"thanks for", 0.1, kThanks}, {"thanks again", 0.4, kPraise | kThanks}, {"shout out", 0.4, kPraise},
    {"shoutout", 0.4, kPraise}, {"above and beyond", 0.6, kPraise}, {"made my day", 0.5, kPraise},
    {"quick response", 0.35, kPraise}, {"fast response", 0.35, kPraise}, {"quick reply", 0.35, kPraise},
    {"sorted it", 0.3, kPraise}, {"sorted out", 0.15, kPraise}, {"on time", 0.3, kPraise}, {"arrived early", 0.3, kPraise},
    {"props to", 0.4, kPraise}, {"keep up", 0.3, kPraise}, {"10/10", 0.5, kPraise}, {"five stars", 0.5, kPraise},
    {"5 stars", 0.5, kPraise}, {"got it sorted", 0.4, kPraise}, {"resolved", 0.2, kPraise},
    {"you guys rock", 0.5, kPraise}, {"you rock", 0.5, kPraise}, {"best airline", 0.5, kPraise},
    {"love you", 0.3, kPraise}, {"well done", 0.3, kPraise}, {"great job", 0.3, kPraise}, {"great service", 0.4, kPraise},
    {"great flight", 0.4, kPraise}, {"smooth flight", 0.5, kPraise}, {"thank u", 0.3, kPraise | kThanks},
    {"laughed at", -0.6, kComplaint}, {"how you treat", -0.7, kComplaint}, {"in # days", 0.3, 0},
    {"within # days", 0.3, 0}, {"in # minutes", 0.3, 0}, {"in # mins", 0.3, 0}, {"within minutes", 0.4, kPraise}, {"in the queue", -0.3, kComplaint}, {"lovely way to", -0.1, kFlip},
    {"lol ok", -0.4, kComplaint}, {"daylight robbery", -0.8, kComplaint}, {"who approved", -0.2, kComplaint},
    {"for this?", 0, 0}, {"rip off", -0.6, kComplaint}, {"is a joke", -0.5, kComplaint}, {"are a joke", -0.5, kComplaint},
    {"can't wait", 0.5, 0}, {"didn't make it", -0.45, kComplaint}, {"didnt make it", -0.45, kComplaint},
    {"did not make it", -0.45, kComplaint}, {"love being", -0.1, kFlip}, {"please dm", 0.15, 0}, {"following you", 0.2, 0}, {"cant wait", 0.5, 0}, {"thanks in advance", -0.45, kNeutralize}, {"thank you in advance", -0.45, kNeutralize},
    {"thanks anyway", -0.5, kNeutralize | kComplaint}, {"no thanks to", -0.6, kComplaint},
    // profanity
    {"wtf", 0, kProfanity}, {"fuck", -0.3, kProfanity}, {"fucking", -0.2, kProfanity}, {"fucked", -0.4, kProfanity},
    {"shit", -0.3, kProfanity}, {"shitty", -0.4, kProfanity}, {"crap", -0.3, kProfanity}, {"crappy", -0.4, kProfanity},
    {"damn", -0.2, kProfanity}, {"bullshit", -0.4, kProfanity}, {"ffs", -0.4, kProfanity}, {"pissed", -0.3, kProfanity},
    {"hell", -0.1, kProfanity}, {"sucks", -0.2, kProfanity}, {"af", 0, kProfanity},
    // hashtags
    {"#fail", -0.6, kComplaint}, {"#epicfail", -0.7, kComplaint}, {"#worst", -0.6, kComplaint},
    {"#disappointed", -0.5, kComplaint}, {"#badservice", -0.6, kComplaint}, {"#customerservicefail", -0.7, kComplaint},
    {"#unacceptable", -0.6, kComplaint}, {"#frustrated", -0.5, kComplaint}, {"#annoyed", -0.5, kComplaint},
    {"#ripoff", -0.6, kComplaint}, {"#scam", -0.6, kComplaint}, {"#delayed", -0.4, kComplaint},
    {"#lostluggage", -0.5, kComplaint}, {"#poorservice", -0.6, kComplaint}, {"#customerservice", -0.1, 0},
    {"#happycustomer", 0.5, kPraise}, {"#love", 0.3, kPraise}, {"#thankyou", 0.4, kPraise}, {"#thanks", 0.3, kPraise},
    {"#awesome", 0.4, kPraise}, {"#impressed", 0.4, kPraise},
};
// clang-format on

struct EmojiDef {
    const char* emoji;
    double valence;
};
const EmojiDef kEmoji[] = {
    {"😡", -3.0}, {"🤬", -3.5}, {"😠", -2.5}, {"😤", -2.0}, {"😢", -2.0}, {"😭", -1.8}, {"😞", -2.0}, {"😒", -1.5},
    {"🙄", -1.8}, {"👎", -2.2}, {"💔", -2.0}, {"😩", -2.0}, {"😫", -2.0}, {"🤦", -1.8}, {"😑", -1.0}, {"😐", -0.6},
    {"🤡", -1.5}, {"💩", -2.0}, {"🙃", -1.2}, {"😬", -1.0}, {"😱", -1.5}, {"😔", -1.6}, {"😟", -1.5}, {"😕", -1.2},
    {"☹", -2.0}, {"🙁", -1.8}, {"😣", -1.8}, {"😖", -1.8}, {"😓", -1.2}, {"😥", -1.5}, {"😪", -1.0}, {"🤢", -2.0},
    {"🤮", -2.5}, {"😾", -2.0}, {"🖕", -3.0}, {"⚠", -0.5}, {"❌", -1.0}, {"🚫", -1.0}, {"🤔", -0.3}, {"😴", -0.8},
    {"👍", 1.5}, {"😊", 2.0}, {"😀", 2.0}, {"😃", 2.0}, {"😄", 2.2}, {"😁", 2.0}, {"😍", 3.0}, {"🥰", 3.0},
    {"❤", 2.5}, {"♥", 2.2}, {"💕", 2.5}, {"💖", 2.5}, {"💙", 2.2}, {"💚", 2.2}, {"💜", 2.2}, {"🧡", 2.2},
    {"🙏", 1.0}, {"🎉", 2.0}, {"👏", 1.2}, {"🙂", 1.0}, {"💯", 1.5}, {"🔥", 0.8}, {"⭐", 1.2}, {"🌟", 1.5},
    {"😎", 1.5}, {"🤩", 2.8}, {"😘", 2.2}, {"🥳", 2.5}, {"✨", 1.0}, {"👌", 1.5}, {"🙌", 2.0}, {"😂", 0.3},
    {"🤣", 0.3}, {"😅", 0.0}, {"😆", 1.0}, {"😉", 1.0}, {"☺", 2.0}, {"✅", 0.8}, {"🏆", 2.0}, {"💪", 1.2},
};

struct Phrase {
    std::vector<std::string> words;
    double weight;
    std::uint32_t flags;
    std::string text;
};

struct PhraseIndex {
    std::vector<Phrase> phrases;
    /// first word (a view into the static kPhrases text) -> phrase ids
    std::unordered_map<std::string_view, std::vector<std::uint32_t>> by_first;
    std::vector<std::uint32_t> by_number;                                  // phrases starting with "#"
};

const PhraseIndex& phrase_index() {
    static const PhraseIndex idx = [] {
        PhraseIndex x;
        for (const PhraseDef& d : kPhrases) {
            Phrase p;
            p.weight = d.weight;
            p.flags = d.flags;
            p.text = d.text;
            std::string_view s = d.text;
            while (!s.empty()) {
                const std::size_t sp = s.find(' ');
                p.words.emplace_back(s.substr(0, sp));
                s = sp == std::string_view::npos ? std::string_view{} : s.substr(sp + 1);
            }
            const auto id = static_cast<std::uint32_t>(x.phrases.size());
            if (p.words.front() == "#") x.by_number.push_back(id);
            else x.by_first[std::string_view(d.text).substr(0, p.words.front().size())].push_back(id);
            x.phrases.push_back(std::move(p));
        }
        return x;
    }();
    return idx;
}

bool is_number_word(std::string_view w) {
    static constexpr std::string_view kNums[] = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve",
                                  "fifteen", "twenty", "thirty", "several", "few", "24", "48", "72", "many", "multiple"};
    for (std::string_view n : kNums)
        if (w == n) return true;
    return false;
}

struct Seq {
    std::string_view norm;
    bool number = false;
};

bool match_at(const std::vector<Seq>& seq, std::size_t i, const Phrase& p) {
    if (i + p.words.size() > seq.size()) return false;
    for (std::size_t k = 0; k < p.words.size(); ++k) {
        const Seq& s = seq[i + k];
        if (p.words[k].size() == 1 && p.words[k][0] == '#') { // "#": any number
            if (!s.number) return false;
        } else if (s.norm != p.words[k]) {
            return false;
        }
    }
    return true;
}

std::string fmt2(double x) {
    const long long v = std::llround(x * 100.0);
    std::string out = v < 0 ? "-" : "+";
    const long long a = v < 0 ? -v : v;
    out += std::to_string(a / 100);
    out.push_back('.');
    if (a % 100 < 10) out.push_back('0');
    out += std::to_string(a % 100);
    return out;
}

bool starts_question(std::string_view w) {
    static constexpr std::string_view kQ[] = {"how", "what", "when", "where", "which", "who", "can", "could", "do", "does", "is",
                               "are", "will", "would", "should", "any", "anyone", "whats", "what's", "hows"};
    for (std::string_view q : kQ)
        if (w == q) return true;
    return false;
}

} // namespace

bool is_shouting(const Tokenized& tk) noexcept {
    std::size_t caps_words = 0;
    for (const Token& tok : tk.tokens)
        if (tok.kind == TokenKind::Word && tok.all_caps()) ++caps_words;
    return tk.stats.shouting() || (tk.stats.words >= 3 && caps_words * 2 > tk.stats.words);
}

namespace {
/// Per-thread buffers of analyze_cues_into (no allocation per text once warm).
struct CueScratch {
    std::vector<VaderWord> vwords;
    std::vector<Seq> seq;
};
thread_local CueScratch t_cues;
} // namespace

CueAnalysis analyze_cues(std::string_view text, const Tokenized& tk) {
    CueAnalysis a;
    analyze_cues_into(text, tk, a, true);
    return a;
}

void analyze_cues_into(std::string_view text, const Tokenized& tk, CueAnalysis& a, bool explain) {
    {
        std::vector<std::string> because = std::move(a.sentiment_because);
        std::string cue_text = std::move(a.complaint_cue_text);
        a = CueAnalysis{};
        because.clear();
        cue_text.clear();
        a.sentiment_because = std::move(because);
        a.complaint_cue_text = std::move(cue_text);
    }
    std::vector<VaderWord>& vwords = t_cues.vwords;
    vwords.clear();
    VaderScores plain, cs;
    vader_polarity_both(text, plain, cs, &vwords);
    a.vader = plain.compound;
    double score = cs.compound;
    if (explain) {
        std::string why = "lexicon " + fmt2(cs.compound);
        std::size_t shown = 0;
        std::vector<VaderWord> sorted = vwords;
        std::stable_sort(sorted.begin(), sorted.end(),
                         [](const VaderWord& x, const VaderWord& y) { return std::fabs(x.valence) > std::fabs(y.valence); });
        for (const VaderWord& w : sorted) {
            if (shown == 4) break;
            why += shown == 0 ? ": " : ", ";
            why += "'" + std::string(w.word) + "' " + fmt2(w.valence);
            ++shown;
        }
        a.sentiment_because.push_back(std::move(why));
    }

    // Word sequence for phrase matching (words, numbers, hashtags), and emoji.
    std::vector<Seq>& seq = t_cues.seq;
    seq.clear();
    double emoji_sum = 0;
    int emoji_neg = 0, emoji_pos = 0;
    std::string emoji_why;
    bool first_word = true;
    bool hashtag_negative = false;
    std::size_t urls = 0;
    for (const Token& t : tk.tokens) {
        switch (t.kind) {
        case TokenKind::Hashtag:
            // #UnitedFail, #epicfail, #neveragain, #worstairline: a complaint tag whatever the brand in front.
            for (std::string_view bad : {"fail", "sucks", "worst", "neveragain", "ripoff", "shame", "disappointed", "delayed", "lost"}) {
                const std::string_view tag = t.norm;
                if (tag.find(bad) != std::string_view::npos && !(tag.size() == bad.size() + 1 && tag[0] == '#' && tag.substr(1) == bad)) {
                    hashtag_negative = true;
                    break;
                }
            }
            [[fallthrough]];
        case TokenKind::Word:
            if (first_word && t.kind == TokenKind::Word) {
                if (starts_question(t.norm)) a.question = true;
                first_word = false;
            }
            seq.push_back({t.norm, false});
            break;
        case TokenKind::Number: seq.push_back({t.norm, true}); break;
        case TokenKind::Emoji: {
            for (const EmojiDef& e : kEmoji) {
                const std::string_view ev = e.emoji;
                if (t.norm.compare(0, ev.size(), ev) == 0) {
                    emoji_sum += e.valence;
                    if (e.valence < 0) ++emoji_neg;
                    if (e.valence > 0) ++emoji_pos;
                    if (explain && emoji_why.size() < 40) emoji_why += (emoji_why.empty() ? "" : " ") + t.norm;
                    break;
                }
            }
            break;
        }
        case TokenKind::Url: ++urls; break;
        default: break;
        }
    }
    for (auto& s : seq)
        if (!s.number && is_number_word(s.norm)) s.number = true;

    const PhraseIndex& idx = phrase_index();
    std::uint32_t flags = 0;
    double cue_sum = 0;
    std::string cue_why;
    int pos_words = 0, flips = 0;
    for (std::size_t i = 0; i < seq.size(); ++i) {
        auto consider = [&](std::uint32_t id) {
            const Phrase& p = idx.phrases[id];
            if (!match_at(seq, i, p)) return;
            flags |= p.flags;
            cue_sum += p.weight;
            if (p.flags & kComplaint) {
                ++a.negative_cues;
                if (!a.complaint_cue) {
                    a.complaint_cue = true;
                    if (explain) {
                        a.complaint_cue_text = "'";
                        a.complaint_cue_text += p.text;
                        a.complaint_cue_text += '\'';
                    }
                }
            }
            if (p.flags & kPraise) ++a.positive_cues;
            if (p.flags & kPosWord) ++pos_words;
            if (p.flags & kFlip) ++flips;
            if (explain && p.weight != 0 && cue_why.size() < 120)
                cue_why += (cue_why.empty() ? "" : ", ") + ("'" + p.text + "' " + fmt2(p.weight));
        };
        if (seq[i].number)
            for (std::uint32_t id : idx.by_number) consider(id);
        auto it = idx.by_first.find(seq[i].norm);
        if (it != idx.by_first.end())
            for (std::uint32_t id : it->second) consider(id);
    }
    if (hashtag_negative) {
        cue_sum -= 0.5;
        ++a.negative_cues;
        if (!a.complaint_cue) {
            a.complaint_cue = true;
            if (explain) a.complaint_cue_text = "complaint hashtag";
        }
        if (explain) cue_why += (cue_why.empty() ? "" : ", ") + std::string("complaint hashtag -0.50");
    }
    if (!cue_why.empty()) a.sentiment_because.push_back("phrases: " + cue_why);
    // Several complaint phrases reinforce each other but should not saturate on their own.
    cue_sum = std::max(cue_sum, -1.2);
    score += cue_sum;

    if (emoji_sum != 0) {
        const double e = std::clamp(emoji_sum * 0.15, -0.6, 0.6);
        score += e;
        if (explain) a.sentiment_because.push_back("emoji " + emoji_why + " " + fmt2(e));
    }
    a.negative_emoji = emoji_neg > 0;
    a.positive_emoji = emoji_pos > 0;

    a.repeat = flags & kRepeat;
    a.churn = flags & kChurn;
    a.legal = flags & kLegal;
    a.safety = flags & kSafety;
    a.time_sensitive = flags & kTime;
    a.profanity = flags & kProfanity;
    a.thanks = flags & kThanks;
    a.spam = (flags & kSpam) != 0 && !(flags & kComplaint);
    if (urls >= 3 || tk.stats.hashtags >= 6) a.spam = a.spam || a.negative_cues == 0;
    if (tk.stats.question_marks > 0) a.question = true;

    // Sarcasm: a positive word or emoji next to a service failure ("great, another delay", "love how my bag is
    // lost again 🙃", "thanks for nothing").
    double min_valence = 0;
    for (const VaderWord& w : vwords) min_valence = std::min(min_valence, w.valence);
    const bool negative_context = a.negative_cues > 0 || emoji_neg > 0 || cs.neg > cs.pos || min_valence <= -0.9;
    // "thanks for losing my bag": thanks followed closely by a negative word.
    bool thanks_then_negative = false;
    for (std::size_t i = 0; i < vwords.size() && !thanks_then_negative; ++i) {
        const std::string_view w = vwords[i].word;
        if (vwords[i].valence <= 0) continue;
        if (w.size() < 4 || w.size() > 7) continue; // none of the words below
        char buf[8];
        for (std::size_t c = 0; c < w.size(); ++c) buf[c] = static_cast<char>(w[c] >= 'A' && w[c] <= 'Z' ? w[c] - 'A' + 'a' : w[c]);
        const std::string_view lw(buf, w.size());
        if (lw != "thanks" && lw != "thank" && lw != "love" && lw != "great" && lw != "awesome") continue;
        for (std::size_t k = i + 1; k < vwords.size() && k <= i + 2; ++k) {
            const std::size_t gap = static_cast<std::size_t>(vwords[k].word.data() - (w.data() + w.size()));
            if (vwords[k].valence <= -0.9 && gap <= 16) thanks_then_negative = true;
        }
    }
    if ((flags & kSarcasm) || thanks_then_negative || (pos_words > 0 && flips > 0 && negative_context) ||
        (pos_words > 0 && (flags & kRepeat) && min_valence <= -0.9) ||
        (pos_words > 0 && a.negative_cues >= 2 && a.positive_cues == 0) ||
        (emoji_pos > 0 && a.negative_cues >= 2)) {
        a.sarcasm = true;
        if (score > -0.35) {
            if (explain) a.sentiment_because.push_back("sarcasm: positive words around a complaint count as negative");
            score = -0.35 - 0.2 * std::min(2, a.negative_cues);
        }
    }

    // Shouting makes whatever polarity there is stronger; a complaint in capitals is angrier.
    if (is_shouting(tk) && score < 0) {
        score -= 0.15;
        if (explain) a.sentiment_because.push_back("ALL CAPS -0.15");
    }
    if (explain && (flags & kNeutralize)) a.sentiment_because.push_back("polite formula, not praise");
    if (a.spam) {
        score *= 0.3;
        if (explain) a.sentiment_because.push_back("spam: sentiment damped");
    }
    a.score = std::clamp(score, -1.0, 1.0);
}

} // namespace earshot

#pragma once
// Personal data (PII) detection and redaction: card numbers (Luhn-checked), e-mail addresses, phone numbers,
// IBANs, US social security numbers, account/order numbers and booking references (by the keywords and shapes in
// PiiRules, tunable in the playbook's "reply.pii"), street addresses and UK postcodes.
//
// Spans are UTF-8 BYTE offsets into the text given (begin inclusive, end exclusive), the same convention as the
// tokenizer and the linter; a browser widget must convert them before indexing a JS (UTF-16) string.

#include "earshot/reply_rules.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace earshot {

namespace detail {
struct PiiAccess; // drafting internals: detection over words already split
}

enum class PiiKind : std::uint8_t {
    Card,       ///< payment card number (13-19 digits passing the Luhn check, or after "card")
    Email,
    Phone,
    Account,    ///< account/customer/policy number (after a keyword or matching an account pattern)
    Order,      ///< order/tracking/invoice number (after a keyword or matching an order pattern)
    Booking,    ///< booking reference / PNR after a keyword
    Iban,       ///< IBAN with a valid mod-97 check
    NationalId, ///< US social security number (ddd-dd-dddd)
    Address,    ///< street address ("221B Baker Street") or UK postcode ("SW1A 1AA")
    IdNumber,   ///< a long bare number (>= long_number_digits digits) of unknown kind
};

const char* to_string(PiiKind kind) noexcept;

/// What a redaction shows in place of the data: "[card number]", "[email]", ...
const char* redaction_label(PiiKind kind) noexcept;

/// Words for a person: "card number", "e-mail address", "phone number", ...
const char* describe(PiiKind kind) noexcept;

struct PiiSpan {
    PiiKind kind = PiiKind::Card;
    std::uint32_t begin = 0; ///< UTF-8 byte offset
    std::uint32_t end = 0;   ///< one past the last byte
    std::string text;        ///< the data as written
    std::string value;       ///< normalised: digits only for numbers, lowercase for e-mails, uppercase for codes
};

/// Finds personal data in text. Spans are sorted by begin and never overlap. Total: never throws except bad_alloc.
/// Keeps the rules compiled last on this thread, so calling it again with the same rules costs no compilation;
/// a PiiDetector is the way to check many texts under several rule sets.
std::vector<PiiSpan> detect_pii(std::string_view text, const PiiRules& rules = PiiRules());

/// PII detection with the rules compiled once; detect() is then cheap and thread-safe.
class PiiDetector {
public:
    explicit PiiDetector(const PiiRules& rules = PiiRules());
    ~PiiDetector();
    PiiDetector(PiiDetector&&) noexcept;
    PiiDetector& operator=(PiiDetector&&) noexcept;
    std::vector<PiiSpan> detect(std::string_view text) const;
    const PiiRules& rules() const noexcept;

private:
    friend struct detail::PiiAccess;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Replaces each span with its redaction label ("[card number]").
std::string redact(std::string_view text, const std::vector<PiiSpan>& spans);

/// detect_pii + redact.
std::string redact(std::string_view text, const PiiRules& rules = PiiRules());

/// True when digits (ASCII digits only) pass the Luhn check.
bool luhn_valid(std::string_view digits) noexcept;

/// True when the personal data in span appears in text, in any formatting (digits compared without separators,
/// e-mails case-insensitively, codes case-insensitively). For numbers, the last four digits alone do not count.
bool pii_appears_in(const PiiSpan& span, std::string_view text);

/// Like pii_appears_in, and sets [begin, end) to the byte span where it appears.
bool find_pii_in(const PiiSpan& span, std::string_view text, std::uint32_t& begin, std::uint32_t& end);

} // namespace earshot

#pragma once
// Agent tokens. Only SHA-256 hashes are kept (in memory; a token file may hold hashes too); comparisons are
// constant-time. Tokens come from EARSHOT_AGENT_TOKEN or a token file, never from the command line.

#include <optional>
#include <string>
#include <vector>

namespace earshot::server {

std::string sha256_hex(const std::string& data);

/// A random 32-byte token, hex encoded (from /dev/urandom).
std::string random_token();

class Auth {
public:
    /// Adds a token by its plain value or by "sha256:<hex>".
    void add(const std::string& agent, const std::string& token_or_hash);
    /// Parses EARSHOT_AGENT_TOKEN: "token" or comma-separated "name:token". Throws std::runtime_error when malformed.
    void add_from_env(const std::string& value);
    /// Reads a token file: one per line, "token", "name token" or "name sha256:<hex>"; '#' comments. Throws when
    /// the file cannot be read or holds no token.
    void add_from_file(const std::string& path);
    bool empty() const { return entries_.empty(); }
    std::size_t size() const { return entries_.size(); }

    /// The agent name for a token, or nothing when it is unknown.
    std::optional<std::string> verify(const std::string& token) const;

private:
    struct Entry {
        std::string agent;
        std::string hash_hex;
    };
    std::vector<Entry> entries_;
};

enum class AuthResult { Ok, Missing, Unknown };

/// Reads "Authorization: Bearer <token>". Missing or garbled → Missing (401); unknown token → Unknown (403).
AuthResult check_bearer(const Auth& auth, const std::string& header, std::string& agent_out);

} // namespace earshot::server

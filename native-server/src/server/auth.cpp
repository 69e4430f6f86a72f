#include "auth.hpp"

#include <openssl/sha.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace earshot::server {

std::string sha256_hex(const std::string& data) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
    static const char* hex = "0123456789abcdef";
    std::string out;
    out.reserve(64);
    for (unsigned char c : digest) {
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    return out;
}

std::string random_token() {
    unsigned char bytes[32];
    std::ifstream urandom("/dev/urandom", std::ios::binary);
    if (!urandom.read(reinterpret_cast<char*>(bytes), sizeof bytes))
        throw std::runtime_error("cannot read /dev/urandom to generate a token");
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    return out;
}

namespace {
std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return "";
    auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}
bool is_hex64(const std::string& s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}
} // namespace

void Auth::add(const std::string& agent, const std::string& token_or_hash) {
    if (token_or_hash.rfind("sha256:", 0) == 0) {
        std::string h = token_or_hash.substr(7);
        if (!is_hex64(h)) throw std::runtime_error("a token hash must be sha256:<64 lowercase hex digits>");
        entries_.push_back({agent, h});
    } else {
        if (token_or_hash.size() < 16) throw std::runtime_error("agent tokens must be at least 16 characters long");
        entries_.push_back({agent, sha256_hex(token_or_hash)});
    }
}

void Auth::add_from_env(const std::string& value) {
    std::stringstream ss(value);
    std::string item;
    while (std::getline(ss, item, ',')) {
        item = trim(item);
        if (item.empty()) continue;
        auto colon = item.find(':');
        if (colon != std::string::npos && item.rfind("sha256:", 0) != 0) {
            std::string name = trim(item.substr(0, colon));
            std::string rest = trim(item.substr(colon + 1));
            add(name.empty() ? "agent" : name, rest);
        } else {
            add("agent", item);
        }
    }
}

void Auth::add_from_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read token file " + path);
    std::string line;
    std::size_t before = entries_.size();
    int lineno = 0;
    while (std::getline(in, line)) {
        ++lineno;
        line = trim(line);
        if (line.empty() || line[0] == '#') continue;
        auto sp = line.find_first_of(" \t");
        try {
            if (sp == std::string::npos)
                add("agent", line);
            else
                add(trim(line.substr(0, sp)), trim(line.substr(sp + 1)));
        } catch (const std::exception& e) {
            throw std::runtime_error(path + ":" + std::to_string(lineno) + ": " + e.what());
        }
    }
    if (entries_.size() == before) throw std::runtime_error("token file " + path + " holds no token");
}

std::optional<std::string> Auth::verify(const std::string& token) const {
    if (token.empty()) return std::nullopt;
    const std::string h = sha256_hex(token);
    std::optional<std::string> found;
    for (const auto& e : entries_) {
        unsigned diff = 0;
        for (std::size_t i = 0; i < 64; ++i) diff |= static_cast<unsigned char>(h[i] ^ e.hash_hex[i]);
        if (diff == 0 && !found) found = e.agent;
    }
    return found;
}

AuthResult check_bearer(const Auth& auth, const std::string& header, std::string& agent_out) {
    const std::string prefix = "Bearer ";
    if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) return AuthResult::Missing;
    std::string token = trim(header.substr(prefix.size()));
    if (token.empty()) return AuthResult::Missing;
    auto agent = auth.verify(token);
    if (!agent) return AuthResult::Unknown;
    agent_out = *agent;
    return AuthResult::Ok;
}

} // namespace earshot::server

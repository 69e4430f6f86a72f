#include "static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace earshot::server {
namespace fs = std::filesystem;

std::string content_type_for(const std::string& path) {
    auto ext = fs::path(path).extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".html" || ext == ".htm") return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".json" || ext == ".map") return "application/json";
    if (ext == ".ndjson") return "application/x-ndjson";
    if (ext == ".wasm") return "application/wasm";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
    if (ext == ".ico") return "image/x-icon";
    if (ext == ".txt" || ext == ".md") return "text/plain; charset=utf-8";
    if (ext == ".ts") return "text/plain; charset=utf-8";
    if (ext == ".woff2") return "font/woff2";
    return "application/octet-stream";
}

namespace {
bool safe_relative(const std::string& rel) {
    if (rel.find('\0') != std::string::npos || rel.find('\\') != std::string::npos) return false;
    std::stringstream ss(rel);
    std::string seg;
    while (std::getline(ss, seg, '/'))
        if (seg == ".." || (!seg.empty() && seg[0] == '.')) return false; // no traversal, no dotfiles
    return true;
}
} // namespace

bool serve_static(const std::string& web_root, const std::string& widget_dir, const Request& req,
                  const std::string& path, Response& out) {
    std::string root, rel;
    if (path.rfind("/web/", 0) == 0) {
        root = widget_dir;
        rel = path.substr(5);
    } else {
        root = web_root;
        rel = path.substr(1);
    }
    if (root.empty() || !safe_relative(rel)) return false;
    fs::path file = fs::path(root) / rel;
    std::error_code ec;
    if (rel.empty() || rel.back() == '/' || fs::is_directory(file, ec)) file /= "index.html";
    if (!fs::is_regular_file(file, ec)) return false;
    const auto size = fs::file_size(file, ec);
    if (ec) return false;
    const auto mtime = fs::last_write_time(file, ec);
    const auto mtime_ns = static_cast<unsigned long long>(mtime.time_since_epoch().count());
    const std::string etag = "\"" + std::to_string(size) + "-" + std::to_string(mtime_ns) + "\"";

    Response res{http::status::ok, req.version()};
    res.set(http::field::server, "earshot");
    res.set(http::field::content_type, content_type_for(file.string()));
    res.set(http::field::etag, etag);
    // Files are not fingerprinted, so browsers must revalidate (cheap 304s) instead of caching blindly.
    res.set(http::field::cache_control, "no-cache");
    res.set("X-Content-Type-Options", "nosniff");
    res.keep_alive(req.keep_alive());
    if (req[http::field::if_none_match] == etag) {
        res.result(http::status::not_modified);
        res.prepare_payload();
        out = std::move(res);
        return true;
    }
    if (req.method() == http::verb::get) {
        std::ifstream in(file, std::ios::binary);
        std::string body(size, '\0');
        if (!in.read(body.data(), static_cast<std::streamsize>(size))) return false;
        res.body() = std::move(body);
        res.prepare_payload();
    } else {
        res.content_length(size);
    }
    out = std::move(res);
    return true;
}

} // namespace earshot::server

#pragma once
// Static files: web-demo/ at "/", the built widget (build/web) at "/web/". Content types (including
// application/wasm), ETag + Last-Modified with revalidation (Cache-Control: no-cache), 304 on If-None-Match,
// no path traversal.

#include "common.hpp"

namespace earshot::server {

/// Answers GET/HEAD for a static path, or returns false when the path is not a file under the roots.
bool serve_static(const std::string& web_root, const std::string& widget_dir, const Request& req,
                  const std::string& path, Response& out);

std::string content_type_for(const std::string& path);

} // namespace earshot::server

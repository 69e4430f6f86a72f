#pragma once
// Renders the process report (wire::report_to_json's JSON) as readable text or as a self-contained HTML page with
// inline SVG charts. Shared by `earshot report` and (later) the server.

#include <nlohmann/json.hpp>

#include <string>

namespace earshot::cli {

/// Plain-text report for a terminal (about 100 columns).
std::string render_report_text(const nlohmann::json& report, const std::string& source_name);

/// One HTML page, no external resources: styles inline, charts as inline SVG.
std::string render_report_html(const nlohmann::json& report, const std::string& source_name);

} // namespace earshot::cli

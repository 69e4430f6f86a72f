// Text and HTML rendering of the process report (see report_render.hpp).

#include "report_render.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <vector>

namespace earshot::cli {

using nlohmann::json;

namespace {

std::string num(std::int64_t v) {
    std::string s = std::to_string(v < 0 ? -v : v);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
    return v < 0 ? "-" + s : s;
}

std::string fixed(double v, int digits = 1) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string pct(double share) { return fixed(share * 100.0, share * 100.0 < 10 ? 1 : 0) + "%"; }

std::string pad(std::string s, std::size_t w, bool right = false) {
    // pad by code points
    std::size_t cps = 0;
    for (unsigned char c : s) cps += (c & 0xC0) != 0x80;
    if (cps > w) {
        std::string out;
        std::size_t n = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            const unsigned char c = static_cast<unsigned char>(s[i]);
            if ((c & 0xC0) != 0x80 && ++n > w - 1) break;
            out += s[i];
        }
        return out + "…";
    }
    const std::string fill(w - cps, ' ');
    return right ? fill + s : s + fill;
}

std::string str(const json& j, const char* k) {
    return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string();
}
std::int64_t i64(const json& j, const char* k) {
    return j.contains(k) && j[k].is_number() ? j[k].get<std::int64_t>() : 0;
}
double dbl(const json& j, const char* k) { return j.contains(k) && j[k].is_number() ? j[k].get<double>() : 0.0; }

std::string short_time(const std::string& iso) { // "2026-11-24T18:40:00Z" -> "2026-11-24 18:40"
    if (iso.size() < 16) return iso;
    return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

std::string html_escape(const std::string& s) {
    std::string o;
    for (char c : s) {
        switch (c) {
        case '&': o += "&amp;"; break;
        case '<': o += "&lt;"; break;
        case '>': o += "&gt;"; break;
        case '"': o += "&quot;"; break;
        case '\'': o += "&#39;"; break;
        default: o += c;
        }
    }
    return o;
}

} // namespace

std::string render_report_text(const json& r, const std::string& source) {
    std::ostringstream o;
    const auto& totals = r["totals"];
    const std::int64_t total = i64(totals, "total"), complaints = i64(totals, "complaints");
    const std::int64_t neg = i64(totals["sentiment"], "negative");
    o << "earshot process report — " << source << "\n";
    o << "Period " << short_time(str(r, "from")) << " to " << short_time(str(r, "to")) << " UTC: " << num(total)
      << " mentions, " << num(complaints) << " complaints, " << (total ? pct(static_cast<double>(neg) / total) : "0%")
      << " negative, mean urgency " << fixed(dbl(totals, "mean_urgency")) << "\n\n";

    auto issue_table = [&](const char* title, const json& rows) {
        o << title << "\n";
        o << "  " << pad("issue", 48) << pad("mentions", 10, true) << pad("customers", 11, true) << pad("cost", 10, true)
          << "  team\n";
        for (const auto& row : rows)
            o << "  " << pad(str(row, "kind") == "incident" ? str(row, "id") + " " + str(row, "label") : str(row, "label"), 48)
              << pad(num(i64(row, "mentions")), 10, true) << pad(num(i64(row, "affected")), 11, true)
              << pad(fixed(dbl(row, "cost"), 0), 10, true) << "  " << str(row, "team") << "\n";
        if (rows.empty()) o << "  (none)\n";
        o << "\n";
    };
    issue_table("Top issues by volume (complaints per category)", r["top_by_volume"]);
    issue_table("Top issues by urgency-weighted cost (sum of (1 + urgency/25) x tier weight 1/2/3)", r["top_by_cost"]);

    const auto& incs = r["incidents"];
    o << "Incidents (" << incs.size() << ")\n";
    if (incs.empty()) o << "  none: no category or cause entity rose above its baseline\n";
    for (const auto& inc : incs) {
        const std::int64_t delay_min = (i64(inc, "opened_at_ms") - i64(inc, "first_seen_ms")) / 60'000;
        int peak = 0;
        for (const auto& v : inc["volume"]) peak = std::max(peak, v["count"].get<int>());
        o << "  " << str(inc, "id") << "  [" << str(inc, "status") << "]  " << str(inc, "title") << "\n";
        o << "      team " << (str(inc, "team").empty() ? "-" : str(inc, "team")) << ", first seen "
          << short_time(str(inc, "first_seen")) << ", opened " << short_time(str(inc, "opened_at")) << " (+" << delay_min
          << " min), last seen " << short_time(str(inc, "last_seen")) << "\n";
        o << "      " << num(i64(inc, "mentions")) << " mentions from " << num(static_cast<std::int64_t>(inc["affected"].size()))
          << " customers, peak " << peak << " per 5 min, max urgency " << i64(inc, "max_urgency") << ", followed up "
          << i64(inc["outreach"], "followed_up") << "/" << i64(inc["outreach"], "affected") << "\n";
        if (!str(inc, "fix_note").empty()) o << "      fixed: " << str(inc, "fix_note") << "\n";
    }
    o << "\n";

    o << "Trends (complaints, second half of the period vs the first)\n";
    int shown = 0;
    for (const auto& t : r["trends"]) {
        if (shown++ >= 8) break;
        const double ch = dbl(t, "change");
        o << "  " << pad(str(t, "label"), 30) << pad(num(i64(t, "previous")), 8, true) << " -> "
          << pad(num(i64(t, "recent")), 8, true) << "  " << (ch >= 0 ? "+" : "") << pct(ch) << "\n";
    }
    o << "\n";

    auto reply_row = [&](const json& s, const std::string& label) {
        o << "  " << pad(label, 18) << pad(num(i64(s, "expecting_reply")), 10, true) << pad(num(i64(s, "replied")), 9, true)
          << pad(fixed(dbl(s, "median_first_reply_minutes"), 0) + " min", 12, true)
          << pad(fixed(dbl(s, "p90_first_reply_minutes"), 0) + " min", 11, true)
          << pad(i64(s, "met") + i64(s, "missed") ? pct(dbl(s, "met_share")) : "-", 10, true)
          << pad(num(i64(s, "pending")), 9, true) << "\n";
    };
    o << "Replies: time to first reply and deadlines met\n";
    o << "  " << pad("", 18) << pad("expected", 10, true) << pad("replied", 9, true) << pad("median", 12, true)
      << pad("p90", 11, true) << pad("met", 10, true) << pad("pending", 9, true) << "\n";
    reply_row(r["replies"], "all");
    for (const auto& s : r["replies_by_tier"]) reply_row(s, "tier " + str(s, "key"));
    for (const auto& s : r["replies_by_team"]) reply_row(s, "team " + (str(s, "key").empty() ? "-" : str(s, "key")));
    o << "\n";
    o << "Repeat contacts: " << pct(dbl(r, "repeat_contact_rate")) << " of complaints (" << num(i64(r, "repeat_contacts"))
      << " of " << num(i64(r, "complaint_mentions")) << ") came from a customer who had complained in the previous 7 days\n";
    if (!r["before_after"].empty()) {
        o << "\nBefore/after each fix\n";
        for (const auto& b : r["before_after"])
            o << "  " << str(b, "incident_id") << " " << pad(str(b, "title"), 50) << " " << i64(b, "before") << " -> "
              << i64(b, "after") << " mentions (" << i64(b, "window_minutes") << " min each side)\n";
    }
    return o.str();
}

namespace {

const char* kPalette[] = {"#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7", "#a463f2", "#97bbf5",
                          "#9c6b4e", "#9498a0"};

/// Stacked area chart of complaints per bucket for the top categories (+ "other").
std::string volume_chart(const json& r) {
    const auto& series = r["series"];
    if (series.empty()) return "<p>No data.</p>";
    std::vector<std::string> cats;
    for (const auto& row : r["top_by_volume"]) {
        if (cats.size() >= 6) break;
        cats.push_back(str(row, "id"));
    }
    const double W = 900, H = 260, L = 50, B = 30, T = 10, R = 150;
    const std::size_t n = series.size();
    std::vector<std::vector<double>> layers(cats.size() + 1, std::vector<double>(n, 0));
    double ymax = 1;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& s = series[i];
        double acc = 0, total = static_cast<double>(i64(s, "total"));
        for (std::size_t c = 0; c < cats.size(); ++c) {
            double v = s["by_category"].contains(cats[c]) ? s["by_category"][cats[c]].get<double>() : 0;
            acc += v;
            layers[c][i] = acc;
        }
        layers[cats.size()][i] = std::max(acc, total);
        ymax = std::max(ymax, layers[cats.size()][i]);
    }
    auto x = [&](std::size_t i) { return L + (n == 1 ? (W - L - R) / 2 : (W - L - R) * static_cast<double>(i) / static_cast<double>(n - 1)); };
    auto y = [&](double v) { return T + (H - T - B) * (1.0 - v / ymax); };
    std::ostringstream o;
    o << "<svg viewBox='0 0 " << W << " " << H << "' width='100%' role='img' aria-label='mentions over time'>";
    for (int g = 0; g <= 4; ++g) {
        const double v = ymax * g / 4.0;
        o << "<line x1='" << L << "' x2='" << W - R << "' y1='" << y(v) << "' y2='" << y(v) << "' stroke='#e5e5e5'/>";
        o << "<text x='" << L - 6 << "' y='" << y(v) + 4 << "' text-anchor='end' font-size='11'>" << static_cast<long>(v + 0.5) << "</text>";
    }
    for (std::size_t c = layers.size(); c-- > 0;) {
        o << "<polygon fill='" << (c < cats.size() ? kPalette[c % 10] : "#cfcfcf") << "' fill-opacity='0.85' points='";
        for (std::size_t i = 0; i < n; ++i) o << x(i) << "," << y(layers[c][i]) << " ";
        for (std::size_t i = n; i-- > 0;) o << x(i) << "," << y(c == 0 ? 0 : layers[c - 1][i]) << " ";
        o << "'/>";
    }
    const std::size_t step = std::max<std::size_t>(1, n / 8);
    for (std::size_t i = 0; i < n; i += step)
        o << "<text x='" << x(i) << "' y='" << H - 10 << "' text-anchor='middle' font-size='11'>"
          << html_escape(short_time(str(series[i], "at")).substr(5)) << "</text>";
    for (std::size_t c = 0; c <= cats.size(); ++c) {
        const double ly = T + 16.0 * static_cast<double>(c);
        o << "<rect x='" << W - R + 12 << "' y='" << ly << "' width='10' height='10' fill='"
          << (c < cats.size() ? kPalette[c % 10] : "#cfcfcf") << "'/><text x='" << W - R + 28 << "' y='" << ly + 9
          << "' font-size='12'>" << html_escape(c < cats.size() ? cats[c] : "everything else") << "</text>";
    }
    // incident markers
    for (const auto& inc : r["incidents"]) {
        const std::int64_t at = i64(inc, "opened_at_ms");
        const std::int64_t first = i64(series[0], "at_ms"), last = i64(series[n - 1], "at_ms");
        if (last <= first) continue;
        const double fx = L + (W - L - R) * static_cast<double>(at - first) / static_cast<double>(last - first);
        if (fx < L || fx > W - R) continue;
        o << "<line x1='" << fx << "' x2='" << fx << "' y1='" << T << "' y2='" << H - B
          << "' stroke='#d62728' stroke-dasharray='4 3'/><text x='" << fx + 3 << "' y='" << T + 10
          << "' font-size='11' fill='#d62728'>" << html_escape(str(inc, "id")) << "</text>";
    }
    o << "</svg>";
    return o.str();
}

std::string bar_chart(const json& rows, const char* value_key, const char* unit) {
    if (rows.empty()) return "<p>None.</p>";
    double vmax = 1e-9;
    for (const auto& row : rows) vmax = std::max(vmax, dbl(row, value_key));
    const double W = 900, rowh = 24, L = 260;
    std::ostringstream o;
    o << "<svg viewBox='0 0 " << W << " " << rowh * static_cast<double>(rows.size()) + 6 << "' width='100%' role='img'>";
    double yy = 3;
    std::size_t i = 0;
    for (const auto& row : rows) {
        const double v = dbl(row, value_key);
        const double w = (W - L - 90) * v / vmax;
        const std::string label = str(row, "kind") == "incident" ? str(row, "id") + " " + str(row, "label") : str(row, "label");
        o << "<text x='" << L - 8 << "' y='" << yy + 16 << "' text-anchor='end' font-size='12'>"
          << html_escape(label.size() > 40 ? label.substr(0, 39) + "…" : label) << "</text>";
        o << "<rect x='" << L << "' y='" << yy + 3 << "' width='" << std::max(w, 1.0) << "' height='" << rowh - 8
          << "' fill='" << kPalette[i++ % 10] << "'/>";
        o << "<text x='" << L + w + 6 << "' y='" << yy + 16 << "' font-size='12'>" << fixed(v, v < 10 && v != std::floor(v) ? 2 : 0)
          << unit << "</text>";
        yy += rowh;
    }
    o << "</svg>";
    return o.str();
}

std::string incident_curve(const json& inc) {
    const auto& vol = inc["volume"];
    if (vol.empty()) return "";
    const double W = 420, H = 90, L = 30, B = 18, T = 6;
    const std::int64_t t0 = i64(vol[0], "at_ms"), t1 = std::max(i64(vol[vol.size() - 1], "at_ms"), t0 + 1);
    double vmax = 1;
    for (const auto& v : vol) vmax = std::max(vmax, dbl(v, "count"));
    auto x = [&](std::int64_t t) { return L + (W - L - 8) * static_cast<double>(t - t0) / static_cast<double>(t1 - t0); };
    auto y = [&](double v) { return T + (H - T - B) * (1 - v / vmax); };
    std::ostringstream o;
    o << "<svg viewBox='0 0 " << W << " " << H << "' width='420' height='90' role='img'>";
    const double bw = std::max(2.0, (W - L - 8) / std::max<double>(1.0, static_cast<double>(t1 - t0) / 300'000.0) - 1);
    for (const auto& v : vol)
        o << "<rect x='" << x(i64(v, "at_ms")) << "' y='" << y(dbl(v, "count")) << "' width='" << bw << "' height='"
          << (H - B) - y(dbl(v, "count")) << "' fill='#4269d0'/>";
    const double ox = x(i64(inc, "opened_at_ms"));
    o << "<line x1='" << ox << "' x2='" << ox << "' y1='" << T << "' y2='" << H - B
      << "' stroke='#d62728' stroke-width='1.5'/><text x='" << ox + 3 << "' y='" << T + 9
      << "' font-size='10' fill='#d62728'>opened</text>";
    if (i64(inc, "first_seen_ms") && inc.contains("fixed_at") && inc["fixed_at"].is_string()) {
        // fixed marker is drawn only when within range
    }
    o << "<text x='" << L << "' y='" << H - 4 << "' font-size='10'>" << html_escape(short_time(str(inc, "first_seen")).substr(5))
      << "</text><text x='" << W - 8 << "' y='" << H - 4 << "' font-size='10' text-anchor='end'>"
      << html_escape(short_time(str(inc, "last_seen")).substr(5)) << "</text><text x='" << L - 4 << "' y='" << T + 8
      << "' font-size='10' text-anchor='end'>" << static_cast<long>(vmax) << "</text></svg>";
    return o.str();
}

} // namespace

std::string render_report_html(const json& r, const std::string& source) {
    std::ostringstream o;
    const auto& totals = r["totals"];
    const std::int64_t total = i64(totals, "total");
    o << "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>earshot process report — "
      << html_escape(source) << "</title><meta name='viewport' content='width=device-width, initial-scale=1'><style>"
      << "body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:980px;color:#1d1d1f;padding:0 16px}"
      << "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}"
      << "table{border-collapse:collapse;width:100%;margin:6px 0}td,th{padding:4px 8px;border-bottom:1px solid #eee;text-align:left}"
      << "th{font-weight:600;background:#fafafa}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
      << ".kpis{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}.kpi{background:#f4f6fb;border-radius:8px;padding:10px 14px;min-width:130px}"
      << ".kpi b{display:block;font-size:20px}.muted{color:#666}.inc{border:1px solid #e3e3e3;border-radius:8px;padding:10px 14px;margin:10px 0}"
      << ".st{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;background:#eee}.st.open{background:#ffe1dc}"
      << ".st.acknowledged{background:#fff1c9}.st.fixed{background:#d9f2df}</style></head><body>";
    o << "<h1>Process report</h1><div class='muted'>" << html_escape(source) << " · " << html_escape(short_time(str(r, "from")))
      << " to " << html_escape(short_time(str(r, "to"))) << " UTC</div>";
    const auto& rep = r["replies"];
    o << "<div class='kpis'><div class='kpi'><b>" << num(total) << "</b>mentions</div><div class='kpi'><b>"
      << num(i64(totals, "complaints")) << "</b>complaints</div><div class='kpi'><b>" << r["incidents"].size()
      << "</b>incidents</div><div class='kpi'><b>"
      << (i64(rep, "met") + i64(rep, "missed") ? pct(dbl(rep, "met_share")) : "–") << "</b>deadlines met</div><div class='kpi'><b>"
      << fixed(dbl(rep, "median_first_reply_minutes"), 0) << " min</b>median first reply</div><div class='kpi'><b>"
      << pct(dbl(r, "repeat_contact_rate")) << "</b>repeat contacts</div></div>";
    o << "<h2>Complaints over time</h2>" << volume_chart(r)
      << "<p class='muted'>Stacked per " << i64(r, "bucket_minutes") << "-minute bucket; red lines mark when incidents opened.</p>";
    o << "<h2>Top issues by volume</h2>" << bar_chart(r["top_by_volume"], "mentions", "");
    o << "<h2>Top issues by urgency-weighted cost</h2>" << bar_chart(r["top_by_cost"], "cost", "")
      << "<p class='muted'>Cost = sum over complaints of (1 + urgency/25) × tier weight (easy 1, medium 2, hard 3).</p>";
    o << "<h2>Incidents</h2>";
    if (r["incidents"].empty()) o << "<p>No incidents: no category or cause entity rose above its learned baseline.</p>";
    for (const auto& inc : r["incidents"]) {
        const std::string st = str(inc, "status");
        o << "<div class='inc'><div><b>" << html_escape(str(inc, "id")) << "</b> <span class='st " << html_escape(st) << "'>"
          << html_escape(st) << "</span> " << html_escape(str(inc, "title")) << "</div><div class='muted'>team "
          << html_escape(str(inc, "team")) << " · first seen " << html_escape(short_time(str(inc, "first_seen")))
          << " · opened " << html_escape(short_time(str(inc, "opened_at"))) << " · " << num(i64(inc, "mentions"))
          << " mentions from " << inc["affected"].size() << " customers · followed up " << i64(inc["outreach"], "followed_up")
          << "/" << i64(inc["outreach"], "affected") << "</div>" << incident_curve(inc);
        if (!str(inc, "fix_note").empty()) o << "<div>Fixed: " << html_escape(str(inc, "fix_note")) << "</div>";
        o << "</div>";
    }
    o << "<h2>Trends</h2><table><tr><th>category</th><th class='n'>first half</th><th class='n'>second half</th><th class='n'>change</th></tr>";
    for (const auto& t : r["trends"]) {
        const double ch = dbl(t, "change");
        o << "<tr><td>" << html_escape(str(t, "label")) << "</td><td class='n'>" << num(i64(t, "previous")) << "</td><td class='n'>"
          << num(i64(t, "recent")) << "</td><td class='n'>" << (ch >= 0 ? "+" : "") << pct(ch) << "</td></tr>";
    }
    o << "</table>";
    o << "<h2>Replies and deadlines</h2><table><tr><th></th><th class='n'>expected</th><th class='n'>replied</th><th class='n'>median first reply</th>"
         "<th class='n'>p90</th><th class='n'>deadlines met</th><th class='n'>pending</th></tr>";
    auto row = [&](const json& s, const std::string& label) {
        o << "<tr><td>" << html_escape(label) << "</td><td class='n'>" << num(i64(s, "expecting_reply")) << "</td><td class='n'>"
          << num(i64(s, "replied")) << "</td><td class='n'>" << fixed(dbl(s, "median_first_reply_minutes"), 0)
          << " min</td><td class='n'>" << fixed(dbl(s, "p90_first_reply_minutes"), 0) << " min</td><td class='n'>"
          << (i64(s, "met") + i64(s, "missed") ? pct(dbl(s, "met_share")) : "–") << "</td><td class='n'>"
          << num(i64(s, "pending")) << "</td></tr>";
    };
    row(rep, "all");
    for (const auto& s : r["replies_by_tier"]) row(s, "tier " + str(s, "key"));
    for (const auto& s : r["replies_by_team"]) row(s, "team " + str(s, "key"));
    o << "</table>";
    json met_rows = json::array();
    for (const auto& s : r["replies_by_team"])
        if (i64(s, "met") + i64(s, "missed") > 0)
            met_rows.push_back(json{{"label", "team " + str(s, "key")}, {"share", dbl(s, "met_share") * 100.0}});
    o << bar_chart(met_rows, "share", "%");
    o << "<p>Repeat contacts: <b>" << pct(dbl(r, "repeat_contact_rate")) << "</b> of complaints (" << num(i64(r, "repeat_contacts"))
      << " of " << num(i64(r, "complaint_mentions")) << ") came from a customer who had complained in the previous 7 days.</p>";
    if (!r["before_after"].empty()) {
        o << "<h2>Before and after each fix</h2><table><tr><th>incident</th><th class='n'>before</th><th class='n'>after</th></tr>";
        for (const auto& b : r["before_after"])
            o << "<tr><td>" << html_escape(str(b, "incident_id") + " " + str(b, "title")) << "</td><td class='n'>"
              << i64(b, "before") << "</td><td class='n'>" << i64(b, "after") << "</td></tr>";
        o << "</table>";
    }
    o << "<p class='muted'>Generated by earshot report.</p></body></html>\n";
    return o.str();
}

} // namespace earshot::cli

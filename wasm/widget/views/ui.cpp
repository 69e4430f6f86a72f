#include "ui.hpp"

#include "../platform.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace earshot::widget {

std::string format_duration(std::int64_t ms) {
    const bool neg = ms < 0;
    std::int64_t s = (neg ? -ms : ms) / 1000;
    char buf[32];
    if (s < 60) std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(s));
    else if (s < 3600) std::snprintf(buf, sizeof buf, "%lldm %02llds", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
    else if (s < 86400) std::snprintf(buf, sizeof buf, "%lldh %02lldm", static_cast<long long>(s / 3600), static_cast<long long>((s % 3600) / 60));
    else std::snprintf(buf, sizeof buf, "%lldd %lldh", static_cast<long long>(s / 86400), static_cast<long long>((s % 86400) / 3600));
    return (neg ? "-" : "") + std::string(buf);
}

ImVec4 deadline_colour(const Record& r, std::int64_t now_ms, const Palette& pal) {
    const auto d = r.deadline_ms();
    if (d == 0 || !r.open()) return pal.muted;
    const double window = std::max<double>(60'000.0, r.triage.respond_within_minutes * 60'000.0);
    const double left = static_cast<double>(d - now_ms);
    if (left <= window * 0.10) return pal.bad;
    if (left <= window / 3.0) return pal.warn;
    return pal.text;
}

std::string deadline_text(const Record& r, std::int64_t now_ms) {
    if (!r.open()) return "done";
    const auto d = r.deadline_ms();
    if (d == 0) return "-";
    const auto left = d - now_ms;
    if (left < 0) return format_duration(-left) + " late";
    return format_duration(left);
}

std::string format_count(std::int64_t n) {
    char buf[32];
    if (n < 1000) std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(n));
    else if (n < 1'000'000) std::snprintf(buf, sizeof buf, "%.1fk", n / 1000.0);
    else std::snprintf(buf, sizeof buf, "%.1fM", n / 1'000'000.0);
    return buf;
}

std::string format_time(std::int64_t ms) {
    if (ms <= 0) return "-";
    auto iso = format_iso8601(ms); // YYYY-MM-DDTHH:MM:SSZ
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

void badge(const char* text, const ImVec4& colour, bool filled) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 pad(6, 2);
    const ImVec2 ts = ImGui::CalcTextSize(text);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 size(ts.x + pad.x * 2, ts.y + pad.y * 2);
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), u32(colour, filled ? 0.9f : 0.16f), size.y * 0.5f);
    const ImVec4 tc = filled ? ImVec4(1, 1, 1, 1) : colour;
    dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), u32(tc), text);
    ImGui::Dummy(size);
}

void highlighted_text(const std::string& text, const std::vector<Span>& spans, float wrap_width) {
    ImFont* font = ImGui::GetFont();
    const float fs = ImGui::GetFontSize();
    const float line_h = ImGui::GetTextLineHeightWithSpacing();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    float x = 0, y = 0;
    const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
    // Cut points: span edges; pieces: runs between cut points split at spaces/newlines.
    std::vector<int> cuts;
    for (const auto& s : spans) {
        cuts.push_back(std::clamp(s.begin, 0, static_cast<int>(text.size())));
        cuts.push_back(std::clamp(s.end, 0, static_cast<int>(text.size())));
    }
    std::sort(cuts.begin(), cuts.end());
    const Span* hovered = nullptr;
    std::size_t i = 0, ci = 0;
    while (i < text.size()) {
        if (text[i] == '\n') {
            x = 0;
            y += line_h;
            ++i;
            continue;
        }
        // next piece end: space (inclusive) or newline or next cut
        std::size_t j = i;
        while (j < text.size() && text[j] != '\n' && text[j] != ' ') ++j;
        if (j < text.size() && text[j] == ' ') ++j;
        while (ci < cuts.size() && static_cast<std::size_t>(cuts[ci]) <= i) ++ci;
        if (ci < cuts.size() && static_cast<std::size_t>(cuts[ci]) < j) j = static_cast<std::size_t>(cuts[ci]);
        if (j == i) j = i + 1;
        const char* b = text.data() + i;
        const char* e = text.data() + j;
        const float w = font->CalcTextSizeA(fs, FLT_MAX, 0.0f, b, e).x;
        // wrap before a word that does not fit (pieces that start mid-word stay on the line)
        const bool word_start = i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n';
        if (x > 0 && x + w > wrap_width && word_start) {
            x = 0;
            y += line_h;
        }
        const ImVec2 p(origin.x + x, origin.y + y);
        for (const auto& s : spans) {
            if (static_cast<int>(i) >= s.begin && static_cast<int>(i) < s.end) {
                float tw = w;
                if (j > 0 && text[j - 1] == ' ' && static_cast<int>(j) > s.end - 0 && static_cast<int>(j) - 1 >= s.end)
                    tw -= font->CalcTextSizeA(fs, FLT_MAX, 0.0f, " ").x;
                dl->AddRectFilled(ImVec2(p.x - 1, p.y - 1), ImVec2(p.x + tw + 1, p.y + fs + 2), u32(s.colour), 3.0f);
                if (ImGui::IsMouseHoveringRect(p, ImVec2(p.x + tw, p.y + fs)) && !s.tooltip.empty()) hovered = &s;
                break;
            }
        }
        dl->AddText(font, fs, p, text_col, b, e);
        x += w;
        i = j;
    }
    ImGui::Dummy(ImVec2(wrap_width, y + line_h));
    if (hovered) ImGui::SetTooltip("%s", hovered->tooltip.c_str());
}

namespace {
std::string css(const ImVec4& c) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "rgba(%d,%d,%d,%.3f)", static_cast<int>(c.x * 255 + 0.5f), static_cast<int>(c.y * 255 + 0.5f),
                  static_cast<int>(c.z * 255 + 0.5f), static_cast<double>(c.w));
    return buf;
}
} // namespace

void native_text_box(const Ui& ui, const char* id, float height, const char* placeholder, const char* label) {
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 size(ImGui::GetContentRegionAvail().x, height);
    ImGui::Dummy(size);
    const ImVec2 c0 = ImGui::GetWindowDrawList()->GetClipRectMin(), c1 = ImGui::GetWindowDrawList()->GetClipRectMax();
    const bool visible = p0.y >= c0.y && p0.y + size.y <= c1.y + 1 && p0.x >= c0.x && p0.x + size.x <= c1.x + 1;
    platform::TextField f;
    f.id = id;
    if (visible) {
        f.x = p0.x;
        f.y = p0.y;
        f.w = size.x;
        f.h = size.y;
    }
    // ImGui sizes a font by its ascent-to-descent height, CSS by its em: DejaVu Sans's is 1.164 em
    f.font_px = ImGui::GetFontSize() / ImGui::GetIO().DisplayFramebufferScale.y / 1.164f;
    f.color = css(ImGui::GetStyleColorVec4(ImGuiCol_Text));
    f.background = css(ImGui::GetStyleColorVec4(ImGuiCol_FrameBg));
    f.border = css(ui.pal.accent);
    f.placeholder = placeholder;
    f.label = label;
    platform::place_text_field(f);
}

namespace {
ImVec2 g_box_origin;
float g_box_width = 0;
} // namespace

void begin_box(float padding) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    g_box_origin = ImGui::GetCursorScreenPos();
    g_box_width = ImGui::GetContentRegionAvail().x;
    ImGui::SetCursorScreenPos(ImVec2(g_box_origin.x + padding, g_box_origin.y + padding));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPos().x + g_box_width - 2 * padding);
}

void end_box(const ImVec4& background, float padding) {
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    const float bottom = ImGui::GetItemRectMax().y + padding;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(g_box_origin, ImVec2(g_box_origin.x + g_box_width, bottom), u32(background), ImGui::GetStyle().ChildRounding);
    dl->ChannelsMerge();
    ImGui::SetCursorScreenPos(ImVec2(g_box_origin.x, bottom));
    ImGui::Dummy(ImVec2(g_box_width, ImGui::GetStyle().ItemSpacing.y * 0.5f));
}

} // namespace earshot::widget

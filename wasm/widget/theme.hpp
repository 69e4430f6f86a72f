#pragma once
// Light and dark themes: ImGui style plus the semantic colours the views use (deadline states, sentiment, entities).

#include <imgui.h>

#include <string>

namespace earshot::widget {

struct Palette {
    bool dark = true;
    ImVec4 text, muted, accent, ok, warn, bad, panel, panel_alt, highlight, selection;
    ImVec4 entity(const std::string& type) const;
    ImVec4 sentiment(const std::string& label) const;
    ImVec4 chart(int i) const; ///< categorical series colour i
};

/// Applies the theme ("dark" or "light") to the current ImGui context and returns its palette.
Palette apply_theme(const std::string& name, float dpi_scale);

inline ImU32 u32(const ImVec4& c, float alpha = 1.0f) { return ImGui::GetColorU32(ImVec4(c.x, c.y, c.z, c.w * alpha)); }

} // namespace earshot::widget

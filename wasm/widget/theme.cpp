#include "theme.hpp"

namespace earshot::widget {

namespace {
ImVec4 rgb(unsigned hex, float a = 1.0f) {
    return ImVec4(((hex >> 16) & 0xff) / 255.0f, ((hex >> 8) & 0xff) / 255.0f, (hex & 0xff) / 255.0f, a);
}
} // namespace

ImVec4 Palette::entity(const std::string& type) const {
    if (type == "order_id" || type == "order" || type == "booking" || type == "account") return dark ? rgb(0x3b5bdb, 0.45f) : rgb(0x748ffc, 0.35f);
    if (type == "email" || type == "phone" || type == "card" || type == "iban" || type == "pii") return dark ? rgb(0xe03131, 0.45f) : rgb(0xff8787, 0.45f);
    if (type == "money" || type == "amount") return dark ? rgb(0x2f9e44, 0.45f) : rgb(0x69db7c, 0.45f);
    if (type == "product" || type == "handle" || type == "url") return dark ? rgb(0x9c36b5, 0.45f) : rgb(0xda77f2, 0.40f);
    return dark ? rgb(0xf08c00, 0.40f) : rgb(0xffc078, 0.50f);
}

ImVec4 Palette::sentiment(const std::string& label) const {
    if (label == "negative" || label == "angry") return bad;
    if (label == "positive") return ok;
    return muted;
}

ImVec4 Palette::chart(int i) const {
    static const unsigned dark_set[] = {0x4dabf7, 0xff8787, 0x69db7c, 0xffd43b, 0xda77f2, 0x3bc9db, 0xffa94d, 0xa9e34b, 0xf783ac, 0x91a7ff};
    static const unsigned light_set[] = {0x1c7ed6, 0xe03131, 0x2f9e44, 0xf08c00, 0x9c36b5, 0x0c8599, 0xe8590c, 0x66a80f, 0xc2255c, 0x3b5bdb};
    return rgb((dark ? dark_set : light_set)[i % 10]);
}

Palette apply_theme(const std::string& name, float dpi_scale) {
    ImGuiStyle style;
    Palette p;
    p.dark = name != "light";
    if (p.dark) {
        ImGui::StyleColorsDark(&style);
        p.text = rgb(0xdde3ea);
        p.muted = rgb(0x8b95a5);
        p.accent = rgb(0x4dabf7);
        p.ok = rgb(0x51cf66);
        p.warn = rgb(0xfcc419);
        p.bad = rgb(0xff6b6b);
        p.panel = rgb(0x181b21);
        p.panel_alt = rgb(0x1f232b);
        p.highlight = rgb(0x4dabf7, 0.18f);
        p.selection = rgb(0x4dabf7, 0.28f);
        auto* c = style.Colors;
        c[ImGuiCol_Text] = p.text;
        c[ImGuiCol_TextDisabled] = p.muted;
        c[ImGuiCol_WindowBg] = rgb(0x14161b);
        c[ImGuiCol_ChildBg] = p.panel;
        c[ImGuiCol_PopupBg] = rgb(0x1f232b);
        c[ImGuiCol_Border] = rgb(0x2a2f38);
        c[ImGuiCol_FrameBg] = rgb(0x232831);
        c[ImGuiCol_FrameBgHovered] = rgb(0x2b313c);
        c[ImGuiCol_FrameBgActive] = rgb(0x323946);
        c[ImGuiCol_Button] = rgb(0x2b313c);
        c[ImGuiCol_ButtonHovered] = rgb(0x364050);
        c[ImGuiCol_ButtonActive] = rgb(0x1c7ed6);
        c[ImGuiCol_Header] = p.selection;
        c[ImGuiCol_HeaderHovered] = rgb(0x4dabf7, 0.16f);
        c[ImGuiCol_HeaderActive] = rgb(0x4dabf7, 0.35f);
        c[ImGuiCol_Tab] = rgb(0x1f232b);
        c[ImGuiCol_TabHovered] = rgb(0x364050);
        c[ImGuiCol_TabActive] = rgb(0x2b313c);
        c[ImGuiCol_TableHeaderBg] = rgb(0x1f232b);
        c[ImGuiCol_TableRowBgAlt] = rgb(0xffffff, 0.02f);
        c[ImGuiCol_Separator] = rgb(0x2a2f38);
        c[ImGuiCol_CheckMark] = p.accent;
        c[ImGuiCol_SliderGrab] = p.accent;
        c[ImGuiCol_PlotHistogram] = p.accent;
        c[ImGuiCol_TextSelectedBg] = rgb(0x4dabf7, 0.35f);
        c[ImGuiCol_ScrollbarBg] = rgb(0x000000, 0.0f);
    } else {
        ImGui::StyleColorsLight(&style);
        p.text = rgb(0x1f2933);
        p.muted = rgb(0x66707d);
        p.accent = rgb(0x1c7ed6);
        p.ok = rgb(0x2b8a3e);
        p.warn = rgb(0xd9480f);
        p.bad = rgb(0xc92a2a);
        p.panel = rgb(0xffffff);
        p.panel_alt = rgb(0xf4f6f8);
        p.highlight = rgb(0x1c7ed6, 0.10f);
        p.selection = rgb(0x1c7ed6, 0.18f);
        auto* c = style.Colors;
        c[ImGuiCol_Text] = p.text;
        c[ImGuiCol_TextDisabled] = p.muted;
        c[ImGuiCol_WindowBg] = rgb(0xf1f3f5);
        c[ImGuiCol_ChildBg] = p.panel;
        c[ImGuiCol_PopupBg] = rgb(0xffffff);
        c[ImGuiCol_Border] = rgb(0xd0d5dc);
        c[ImGuiCol_FrameBg] = rgb(0xf1f3f5);
        c[ImGuiCol_FrameBgHovered] = rgb(0xe9ecef);
        c[ImGuiCol_FrameBgActive] = rgb(0xdee2e6);
        c[ImGuiCol_Button] = rgb(0xe9ecef);
        c[ImGuiCol_ButtonHovered] = rgb(0xdee2e6);
        c[ImGuiCol_ButtonActive] = rgb(0xa5d8ff);
        c[ImGuiCol_Header] = p.selection;
        c[ImGuiCol_HeaderHovered] = rgb(0x1c7ed6, 0.10f);
        c[ImGuiCol_HeaderActive] = rgb(0x1c7ed6, 0.25f);
        c[ImGuiCol_Tab] = rgb(0xe9ecef);
        c[ImGuiCol_TabHovered] = rgb(0xdee2e6);
        c[ImGuiCol_TabActive] = rgb(0xffffff);
        c[ImGuiCol_TableHeaderBg] = rgb(0xf1f3f5);
        c[ImGuiCol_TableRowBgAlt] = rgb(0x000000, 0.025f);
        c[ImGuiCol_CheckMark] = p.accent;
        c[ImGuiCol_PlotHistogram] = p.accent;
        c[ImGuiCol_ScrollbarBg] = rgb(0x000000, 0.0f);
    }
    style.WindowRounding = 0;
    style.ChildRounding = 6;
    style.FrameRounding = 5;
    style.PopupRounding = 6;
    style.GrabRounding = 4;
    style.TabRounding = 5;
    style.ScrollbarRounding = 6;
    style.ScrollbarSize = 12;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 1;
    style.FrameBorderSize = 0;
    style.WindowPadding = ImVec2(10, 10);
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(8, 6);
    style.CellPadding = ImVec2(6, 4);
    style.ScaleAllSizes(dpi_scale);
    ImGui::GetStyle() = style;
    return p;
}

} // namespace earshot::widget

#pragma once
// What every view gets: the model, the in-page engine, the palette, the clock and the actions it may take.
// Views draw and report intents; they never own model state (ImHex's weak spot, avoided).

#include "../engine.hpp"
#include "../model.hpp"
#include "../theme.hpp"

#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

namespace earshot::widget {

class Actions {
public:
    virtual ~Actions() = default;
    virtual void select(const std::string& id) = 0;
    virtual void set_status(const std::string& id, const std::string& status) = 0;
    virtual void assign(const std::string& id, const std::string& agent) = 0;
    virtual void send_reply(const std::string& id, const std::string& text) = 0;
    virtual void typing(const std::string& id) = 0;
    /// Agent mode: "acknowledge" or "fix" (with the fix note) an incident on the server; the server's
    /// incident.updated event then changes what the insights panel shows.
    virtual bool incident(const std::string& id, const std::string& action, const std::string& note) = 0;
};

struct Fonts {
    ImFont* body = nullptr;
    ImFont* heading = nullptr;
};

struct Ui {
    Model& model;
    Engine& engine;
    const Palette& pal;
    Fonts fonts;
    std::int64_t now_ms = 0;
    Actions& actions;
    std::string mode; ///< agent, offline, help
};

// --- small shared widgets (views/ui.cpp) ---

/// "12m", "1h 05m", "3d"; negative durations read "-12m".
std::string format_duration(std::int64_t ms);
/// Deadline countdown text and colour: normal, amber under a third of the window, red under a tenth or overdue.
ImVec4 deadline_colour(const Record& r, std::int64_t now_ms, const Palette& pal);
std::string deadline_text(const Record& r, std::int64_t now_ms);
/// 1.2k, 3.4M
std::string format_count(std::int64_t n);
std::string format_time(std::int64_t ms);
/// A rounded label with a background.
void badge(const char* text, const ImVec4& colour, bool filled = false);

struct Span {
    int begin = 0, end = 0;
    ImVec4 colour;
    std::string tooltip;
};
/// Word-wrapped text with coloured backgrounds behind byte spans (entity highlights, lint findings).
/// Reserves a full-width area `height` tall at the cursor and lays the browser's text box `id` over it (see
/// platform::TextField), in the theme's colours and the widget's font size; hidden while not wholly in view.
void native_text_box(const Ui& ui, const char* id, float height, const char* placeholder, const char* label);
/// A box as tall as its content (BeginChild needs the height up front): begin_box() starts drawing the content on
/// a foreground channel inside `padding`; end_box() fills the background behind it. Not nestable.
void begin_box(float padding);
void end_box(const ImVec4& background, float padding);
void highlighted_text(const std::string& text, const std::vector<Span>& spans, float wrap_width);

} // namespace earshot::widget

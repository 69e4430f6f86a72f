#pragma once
// The widget application: owns the model, the engine, the live client and the views; runs one frame at a time.
// Mode "agent" (live dashboard), "offline" (files in the page) or "help" (customer-facing help panel).

#include "engine.hpp"
#include "inbound.hpp"
#include "live_client.hpp"
#include "model.hpp"
#include "theme.hpp"
#include "views/detail_view.hpp"
#include "views/help_view.hpp"
#include "views/insights_view.hpp"
#include "views/offline_view.hpp"
#include "views/queue_view.hpp"
#include "views/reply_view.hpp"

#include <string>

namespace earshot::widget {

struct Options {
    std::string mode = "agent";
    std::string theme = "dark";
    std::string server; ///< ws(s)://host:port (live mode); empty = no server
    std::string token;
    std::string agent = "agent";
};

struct FrameStats {
    double last_ms = 0, avg_ms = 0, max_ms = 0;
    std::uint64_t frames = 0, skipped = 0;
    double first_frame_at = 0; ///< performance.now() of the first rendered frame
    std::vector<float> window;  ///< every frame's ms since the last reset_window() (benchmarks: mean, p99, max)
    void reset_window() { window.clear(); }
};

class App final : public Actions {
public:
    explicit App(Options options);
    bool init();  ///< GL context, ImGui, fonts, theme
    void frame(); ///< one main-loop iteration

    // --- input from the custom element ---
    void on_resize(float css_w, float css_h, float dpr);
    void on_pointer(float x, float y);
    void on_button(int button, bool down);
    void on_wheel(float dx, float dy);
    void on_key(int code, bool down, bool ctrl, bool shift, bool alt, bool meta);
    void on_text(const std::string& utf8);
    void on_focus(bool focused);
    bool wants_text() const;

    // --- data from JS (queued; applied on the frame loop) ---
    InboundQueue& inbound() { return inbound_; }
    void set_option(const std::string& name, const std::string& value);
    void set_always_render(bool on) { always_render_ = on; }

    // --- introspection for tests, benchmarks and the mirror ---
    std::string state_json(bool exact = true); ///< exact: finish pending queue work first (else: as drawn)
    FrameStats& mutable_stats() { return stats_; }
    const FrameStats& stats() const { return stats_; }
    Model& model() { return model_; }
    ReplyView& reply_view() { return reply_; }
    HelpView& help_view() { return help_; }
    /// Runs a command by name (the mirror's buttons and tests use these): select, resolve, pending, assign, reply...
    bool command(const std::string& name, const std::string& arg);
    bool load_model(const std::string& name, const std::string& bytes);

    // --- Actions ---
    void select(const std::string& id) override;
    void set_status(const std::string& id, const std::string& status) override;
    void assign(const std::string& id, const std::string& agent) override;
    void send_reply(const std::string& id, const std::string& text) override;
    void typing(const std::string& id) override;
    bool incident(const std::string& id, const std::string& action, const std::string& note) override;

private:
    void drain_inbound(double budget_ms);
    void handle_socket_message(const std::string& text);
    void handle_message(const nlohmann::json& j);
    void handle_file(const std::string& name, const std::string& text);
    void handle_fetch(const std::string& tag, const std::string& text);
    void offline_command(const std::string& cmd);
    void classify_missing(double budget_ms);
    void reclassify_all(); ///< forget every row's triage; classify_missing() redoes them frame by frame
    void shortcuts();
    void draw_top_bar(Ui& ui);
    void draw_agent(Ui& ui);
    void draw_help(Ui& ui);
    void rebuild_fonts();
    void publish_mirror();
    void send_presence(const std::string& state);
    void move_selection(int delta, bool exact);
    /// Pending queue work (re-sort / re-filter) for at most budget_ms of this frame.
    void advance_queue(double budget_ms);

    /// Input arrives between frames, often a press and its release together (a fast click, a key tap). ImGui 1.86
    /// only sees state per frame, so events are queued and applied with at most one change per key/button per frame.
    struct InputEvent {
        enum class Type { Pointer, Button, Wheel, Key, Text, Focus } type = Type::Pointer;
        float x = 0, y = 0;
        int code = 0;
        bool down = false, ctrl = false, shift = false, alt = false;
        std::string text;
    };
    void apply_input();
    std::vector<InputEvent> input_;
    int hold_input_frames_ = 0; ///< after a shortcut moves keyboard focus, typing waits until the field is active

    Options opt_;
    Model model_;
    Engine engine_;
    InboundQueue inbound_;
    LiveClient live_{inbound_};
    Palette pal_;
    Fonts fonts_;
    QueueView queue_;
    DetailView detail_;
    ReplyView reply_;
    InsightsView insights_;
    HelpView help_;
    OfflineView offline_;
    OfflineStatus offline_status_;
    int tab_ = 0; ///< 0 inbox, 1 insights

    float css_w_ = 800, css_h_ = 500, dpr_ = 1, font_dpr_ = 0;
    bool focused_ = false;
    bool theme_dirty_ = true;
    bool always_render_ = false;
    int render_frames_ = 3; ///< frames still to render after the last change (idle widgets do not redraw)
    std::int64_t last_tick_s_ = 0;
    double last_frame_perf_ = 0;
    std::string last_mirror_;
    double last_mirror_at_ = 0;
    std::uint64_t mirror_revision_ = ~0ull, mirror_rows_revision_ = ~0ull;
    std::uint64_t overdue_revision_ = ~0ull;
    std::int64_t overdue_at_s_ = -1;
    int overdue_ = 0; ///< open overdue rows shown (recounted when the rows change and once a second)
    std::string last_presence_;
    std::int64_t last_typing_sent_ = 0;
    std::size_t classify_cursor_ = 0;
    FrameStats stats_;
};

App* current_app();

} // namespace earshot::widget

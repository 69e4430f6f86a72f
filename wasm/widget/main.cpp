// The earshot widget module: entry point and the embind surface the custom element (wasm/js/earshot-widget.js)
// talks to. One module instance per <earshot-widget>, each with its own canvas, memory and App.

#include "app.hpp"

#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <algorithm>
#include <cstdio>
#include <memory>

using earshot::widget::App;
using earshot::widget::Inbound;

namespace {

std::unique_ptr<App> g_app;

void frame(void*) { g_app->frame(); }

// The element calls start() once with its attributes; main() only exists so the runtime initialises.
bool start(std::string mode, std::string theme, std::string server, std::string token, std::string agent, float w, float h, float dpr) {
    if (g_app) return true;
    earshot::widget::Options o;
    o.mode = (mode == "help" || mode == "offline") ? mode : "agent";
    o.theme = theme == "light" ? "light" : "dark";
    o.server = std::move(server);
    o.token = std::move(token);
    o.agent = agent.empty() ? "agent" : std::move(agent);
    g_app = std::make_unique<App>(o);
    if (!g_app->init()) {
        g_app.reset();
        return false;
    }
    g_app->on_resize(w, h, dpr);
    emscripten_set_main_loop_arg(frame, nullptr, 0, false);
    return true;
}

#define WITH_APP(body) \
    if (g_app) { body; }

void resize(float w, float h, float dpr) { WITH_APP(g_app->on_resize(w, h, dpr)) }
void pointer(float x, float y) { WITH_APP(g_app->on_pointer(x, y)) }
void button(int b, bool down) { WITH_APP(g_app->on_button(b, down)) }
void wheel(float dx, float dy) { WITH_APP(g_app->on_wheel(dx, dy)) }
void key(int code, bool down, bool ctrl, bool shift, bool alt, bool meta) { WITH_APP(g_app->on_key(code, down, ctrl, shift, alt, meta)) }
void text(std::string t) { WITH_APP(g_app->on_text(t)) }
void focus(bool f) { WITH_APP(g_app->on_focus(f)) }
bool wants_text() { return g_app && g_app->wants_text(); }
void push_json(std::string s) { WITH_APP(g_app->inbound().push({Inbound::Kind::Json, {}, std::move(s), 0})) }
void load_file(std::string name, std::string content) { WITH_APP(g_app->inbound().push({Inbound::Kind::File, std::move(name), std::move(content), 0})) }
void fetched(std::string tag, std::string content) { WITH_APP(g_app->inbound().push({Inbound::Kind::Fetch, std::move(tag), std::move(content), 0})) }
void set_option(std::string name, std::string value) { WITH_APP(g_app->set_option(name, value)) }
bool command(std::string name, std::string arg) { return g_app && g_app->command(name, arg); }
bool load_model(std::string name, std::string bytes) { return g_app && g_app->load_model(name, bytes); }
std::string state() { return g_app ? g_app->state_json() : "{}"; }
void always_render(bool on) { WITH_APP(g_app->set_always_render(on)) }
std::string frame_stats() {
    if (!g_app) return "{}";
    const auto& s = g_app->stats();
    // the window since resetFrameStats(): mean, 99th percentile and max of every frame's time
    std::vector<float> w = s.window;
    double sum = 0;
    for (float x : w) sum += x;
    std::sort(w.begin(), w.end());
    const double p99 = w.empty() ? 0 : w[std::min(w.size() - 1, w.size() * 99 / 100)];
    char buf[384];
    std::snprintf(buf, sizeof buf,
                  "{\"last_ms\":%.3f,\"avg_ms\":%.3f,\"max_ms\":%.3f,\"frames\":%llu,\"skipped\":%llu,\"first_frame_at\":%.3f,"
                  "\"window\":{\"frames\":%zu,\"mean_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f}}",
                  s.last_ms, s.avg_ms, s.max_ms, static_cast<unsigned long long>(s.frames), static_cast<unsigned long long>(s.skipped),
                  s.first_frame_at, w.size(), w.empty() ? 0.0 : sum / static_cast<double>(w.size()), p99, w.empty() ? 0.0 : double(w.back()));
    return buf;
}
void reset_frame_stats() { WITH_APP(g_app->mutable_stats().reset_window()) }

} // namespace

EMSCRIPTEN_BINDINGS(earshot_widget) {
    emscripten::function("start", &start);
    emscripten::function("resize", &resize);
    emscripten::function("pointer", &pointer);
    emscripten::function("button", &button);
    emscripten::function("wheel", &wheel);
    emscripten::function("key", &key);
    emscripten::function("text", &text);
    emscripten::function("focus", &focus);
    emscripten::function("wantsText", &wants_text);
    emscripten::function("pushJson", &push_json);
    emscripten::function("loadFile", &load_file);
    emscripten::function("fetched", &fetched);
    emscripten::function("setOption", &set_option);
    emscripten::function("command", &command);
    emscripten::function("state", &state);
    emscripten::function("loadModel", &load_model);
    emscripten::function("alwaysRender", &always_render);
    emscripten::function("frameStats", &frame_stats);
    emscripten::function("resetFrameStats", &reset_frame_stats);
}

int main() { return 0; }

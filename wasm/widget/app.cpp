#include "app.hpp"

#include "ingest.hpp"
#include "platform.hpp"

#include <GLES3/gl3.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#if EARSHOT_WIDGET_HAS_FONT
#include <string_view>
namespace earshot::widget::assets {
std::string_view font_regular() noexcept;
}
#endif

namespace earshot::widget {

using nlohmann::json;

namespace {
App* g_app = nullptr;

const char* get_clipboard(void*) { return ""; }
void set_clipboard(void*, const char* text) { platform::set_clipboard(text ? text : ""); }

std::string live_url(const std::string& server) {
    if (server.empty()) return {};
    std::string u = server;
    if (u.rfind("http://", 0) == 0) u = "ws://" + u.substr(7);
    else if (u.rfind("https://", 0) == 0) u = "wss://" + u.substr(8);
    while (!u.empty() && u.back() == '/') u.pop_back();
    if (u.size() < 5 || u.substr(u.size() - 5) != "/live") u += "/live";
    return u;
}

std::string jstr(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
} // namespace

App* current_app() { return g_app; }

App::App(Options options) : opt_(std::move(options)) {
    g_app = this;
    model_.agent = opt_.agent.empty() ? "agent" : opt_.agent;
}

bool App::init() {
    if (!platform::create_gl_context()) return false;
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.BackendPlatformName = "earshot_web";
    io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.ConfigInputTextCursorBlink = false; // idle widgets do not redraw; a steady caret is honest
    io.KeyMap[ImGuiKey_Tab] = 9;
    io.KeyMap[ImGuiKey_LeftArrow] = 37;
    io.KeyMap[ImGuiKey_RightArrow] = 39;
    io.KeyMap[ImGuiKey_UpArrow] = 38;
    io.KeyMap[ImGuiKey_DownArrow] = 40;
    io.KeyMap[ImGuiKey_PageUp] = 33;
    io.KeyMap[ImGuiKey_PageDown] = 34;
    io.KeyMap[ImGuiKey_Home] = 36;
    io.KeyMap[ImGuiKey_End] = 35;
    io.KeyMap[ImGuiKey_Insert] = 45;
    io.KeyMap[ImGuiKey_Delete] = 46;
    io.KeyMap[ImGuiKey_Backspace] = 8;
    io.KeyMap[ImGuiKey_Space] = 32;
    io.KeyMap[ImGuiKey_Enter] = 13;
    io.KeyMap[ImGuiKey_Escape] = 27;
    io.KeyMap[ImGuiKey_KeyPadEnter] = 13;
    io.KeyMap[ImGuiKey_A] = 65;
    io.KeyMap[ImGuiKey_C] = 67;
    io.KeyMap[ImGuiKey_V] = 86;
    io.KeyMap[ImGuiKey_X] = 88;
    io.KeyMap[ImGuiKey_Y] = 89;
    io.KeyMap[ImGuiKey_Z] = 90;
    io.SetClipboardTextFn = set_clipboard;
    io.GetClipboardTextFn = get_clipboard;
    ImGui_ImplOpenGL3_Init("#version 300 es");
    if (opt_.mode == "agent" && !opt_.server.empty()) {
        model_.connection = Connection::Connecting;
        live_.start(live_url(opt_.server));
    }
    if (opt_.mode == "help" && !opt_.server.empty()) {
        platform::fetch_text("/api/public/known-issues", "known-issues");
        live_.start(live_url(opt_.server) + "/public"); // pushes known_issues whenever they change
    }
    return true;
}

void App::rebuild_fonts() {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    const float base = opt_.mode == "help" ? 15.0f : 14.0f;
#if EARSHOT_WIDGET_HAS_FONT
    static const ImWchar ranges[] = {0x0020, 0x007E, 0x00A0, 0x017F, 0x2013, 0x2026, 0x20AC, 0x20AC, 0x2190, 0x2193,
                                     0x25A0, 0x25A0, 0x25C9, 0x25C9, 0x25CF, 0x25CF, 0x26A0, 0x26A0, 0x2713, 0x2713,
                                     0x2717, 0x2717, 0x1F600, 0x1F60A, 0x1F620, 0x1F624, 0x1F62D, 0x1F62D, 0};
    const auto ttf = assets::font_regular();
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    void* data = const_cast<char*>(ttf.data());
    fonts_.body = io.Fonts->AddFontFromMemoryTTF(data, static_cast<int>(ttf.size()), base * dpr_, &cfg, ranges);
    fonts_.heading = io.Fonts->AddFontFromMemoryTTF(data, static_cast<int>(ttf.size()), (base + 3) * dpr_, &cfg, ranges);
#else
    ImFontConfig cfg;
    cfg.SizePixels = 13.0f * dpr_;
    fonts_.body = io.Fonts->AddFontDefault(&cfg);
    fonts_.heading = fonts_.body;
#endif
    io.FontGlobalScale = 1.0f / dpr_;
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    font_dpr_ = dpr_;
}

// ------------------------------------------------------------------------------------------------ input

void App::on_resize(float w, float h, float dpr) {
    css_w_ = std::max(1.0f, w);
    css_h_ = std::max(1.0f, h);
    dpr_ = std::clamp(dpr, 0.5f, 4.0f);
    render_frames_ = std::max(render_frames_, 2);
}

void App::on_pointer(float x, float y) {
    InputEvent e;
    e.type = InputEvent::Type::Pointer;
    e.x = x;
    e.y = y;
    input_.push_back(e);
}

void App::on_button(int button, bool down) {
    InputEvent e;
    e.type = InputEvent::Type::Button;
    e.code = button;
    e.down = down;
    input_.push_back(e);
}

void App::on_wheel(float dx, float dy) {
    InputEvent e;
    e.type = InputEvent::Type::Wheel;
    e.x = dx;
    e.y = dy;
    input_.push_back(e);
}

void App::on_key(int code, bool down, bool ctrl, bool shift, bool alt, bool meta) {
    InputEvent e;
    e.type = InputEvent::Type::Key;
    e.code = code;
    e.down = down;
    e.ctrl = ctrl || meta;
    e.shift = shift;
    e.alt = alt;
    input_.push_back(e);
}

void App::on_text(const std::string& utf8) {
    InputEvent e;
    e.type = InputEvent::Type::Text;
    e.text = utf8;
    input_.push_back(e);
}

void App::on_focus(bool focused) {
    InputEvent e;
    e.type = InputEvent::Type::Focus;
    e.down = focused;
    input_.push_back(e);
}

void App::apply_input() {
    if (hold_input_frames_ > 0) {
        --hold_input_frames_;
        return;
    }
    ImGuiIO& io = ImGui::GetIO();
    bool key_changed[512] = {};
    bool button_changed[5] = {};
    std::size_t i = 0;
    for (; i < input_.size(); ++i) {
        const auto& e = input_[i];
        bool stop = false;
        switch (e.type) {
        case InputEvent::Type::Pointer: io.MousePos = ImVec2(e.x, e.y); break;
        case InputEvent::Type::Button:
            if (e.code < 0 || e.code >= 5) break;
            if (button_changed[e.code]) {
                stop = true;
                break;
            }
            button_changed[e.code] = true;
            io.MouseDown[e.code] = e.down;
            break;
        case InputEvent::Type::Wheel:
            io.MouseWheelH += e.x;
            io.MouseWheel += e.y;
            break;
        case InputEvent::Type::Key:
            if (e.code < 0 || e.code >= 512) break;
            if (key_changed[e.code]) {
                stop = true;
                break;
            }
            key_changed[e.code] = true;
            io.KeysDown[e.code] = e.down;
            io.KeyCtrl = e.ctrl;
            io.KeyShift = e.shift;
            io.KeyAlt = e.alt;
            break;
        case InputEvent::Type::Text: io.AddInputCharactersUTF8(e.text.c_str()); break;
        case InputEvent::Type::Focus:
            focused_ = e.down;
            io.AddFocusEvent(e.down);
            if (!e.down) {
                std::fill(std::begin(io.KeysDown), std::end(io.KeysDown), false);
                io.KeyCtrl = io.KeyShift = io.KeyAlt = false;
            }
            break;
        }
        if (stop) break;
    }
    input_.erase(input_.begin(), input_.begin() + static_cast<std::ptrdiff_t>(i));
}

bool App::wants_text() const { return ImGui::GetCurrentContext() && ImGui::GetIO().WantTextInput; }

void App::set_option(const std::string& name, const std::string& value) {
    if (name == "theme") {
        opt_.theme = value;
        theme_dirty_ = true;
    } else if (name == "agent") {
        opt_.agent = model_.agent = value;
    } else if (name == "playbook") {
        std::string error;
        if (!engine_.load_playbook(value, error)) platform::log("playbook not loaded: " + error);
        else {
            model_.touch();
            help_.set_text(help_.state().text); // re-analyse with the new playbook
        }
    } else if (name == "token") {
        const bool changed = opt_.token != value;
        opt_.token = value;
        if (changed && opt_.mode == "agent" && !opt_.server.empty()) { // authenticate again with the new token
            model_.connection = Connection::Connecting;
            model_.connection_detail.clear();
            live_.start(live_url(opt_.server));
        }
    } else if (name == "server") {
        opt_.server = value;
        if (opt_.mode == "agent") {
            model_.connection = value.empty() ? Connection::Offline : Connection::Connecting;
            if (value.empty()) live_.stop();
            else live_.start(live_url(value));
        }
    }
    render_frames_ = std::max(render_frames_, 2);
}

// ------------------------------------------------------------------------------------------------ inbound

void App::drain_inbound(double budget_ms) {
    const double start = platform::perf_ms();
    while (!inbound_.empty()) {
        Inbound m = inbound_.pop();
        render_frames_ = std::max(render_frames_, 2);
        switch (m.kind) {
        case Inbound::Kind::Json:
        case Inbound::Kind::SocketMessage: handle_socket_message(m.payload); break;
        case Inbound::Kind::File: handle_file(m.name, m.payload); break;
        case Inbound::Kind::Fetch: handle_fetch(m.name, m.payload); break;
        case Inbound::Kind::SocketOpen: {
            live_.on_open();
            if (opt_.mode == "help") {
                live_.connected();
                break;
            }
            model_.connection_detail = "authenticating";
            json hello = {{"type", "hello"}, {"token", opt_.token}, {"agent", model_.agent}};
            if (model_.last_seq > 0) hello["since"] = model_.last_seq;
            if (model_.last_seq > 0 && !model_.epoch.empty()) hello["epoch"] = model_.epoch;
            live_.send(hello.dump());
            break;
        }
        case Inbound::Kind::SocketError:
            if (model_.connection_detail.empty()) model_.connection_detail = "connection error";
            break;
        case Inbound::Kind::SocketClosed: {
            const auto now = platform::now_ms();
            live_.schedule_reconnect(now);
            if (model_.connection != Connection::Unauthorized) {
                model_.connection = Connection::Reconnecting;
                model_.connection_detail = m.name.empty() ? ("closed (" + std::to_string(m.code) + ")") : m.name;
            }
            break;
        }
        }
        if (platform::perf_ms() - start > budget_ms) break;
    }
}

void App::handle_socket_message(const std::string& text) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) {
        platform::log("ignored a message that is not JSON");
        return;
    }
    handle_message(j);
}

void App::handle_message(const json& j) {
    std::string error;
    if (j.is_array()) { // a batch of messages (slow client) or an array of records (pushed by the page)
        for (const auto& item : j) {
            if (item.is_object() && item.contains("type")) handle_message(item);
            else {
                Record r;
                if (record_from_json(item, r, error)) model_.upsert(std::move(r));
            }
        }
        return;
    }
    const std::string type = jstr(j, "type");
    if (type == "welcome") {
        model_.epoch = jstr(j, "epoch");
        model_.connection = Connection::Live;
        model_.connection_detail.clear();
        live_.connected();
        model_.presence.clear();
        if (j.contains("presence") && j["presence"].is_array())
            for (const auto& p : j["presence"]) model_.apply_event({{"event", "presence"}, {"data", p}}, error);
        if (!model_.selected_id.empty()) send_presence("viewing");
    } else if (type == "snapshot") {
        const bool resync = j.value("resync", false);
        if (resync) { // our since could not be honoured (e.g. a power loss rolled the server back): start over
            model_.clear();
            model_.last_seq = 0;
        }
        const json* list = nullptr;
        for (const char* k : {"records", "mentions", "items"})
            if (j.contains(k) && j[k].is_array()) list = &j[k];
        if (list)
            for (const auto& item : *list) {
                Record r;
                if (record_from_json(item, r, error)) model_.upsert(std::move(r));
            }
        if (j.contains("seq") && j["seq"].is_number()) model_.last_seq = std::max<std::int64_t>(model_.last_seq, j["seq"].get<std::int64_t>());
        if (j.contains("presence") && j["presence"].is_array())
            for (const auto& p : j["presence"]) model_.apply_event({{"event", "presence"}, {"data", p}}, error);
        if (j.contains("incidents") && j["incidents"].is_array()) model_.incidents.assign(j["incidents"].begin(), j["incidents"].end());
    } else if (type == "event") {
        if (!model_.apply_event(j, error)) platform::log("ignored event: " + error);
    } else if (type == "error") {
        const json& e = j.contains("error") && j["error"].is_object() ? j["error"] : j;
        const std::string code = jstr(e, "code");
        model_.connection_detail = jstr(e, "message").empty() ? code : jstr(e, "message");
        if (code == "unauthorized" || code == "forbidden") model_.connection = Connection::Unauthorized;
    } else if (type == "pong") {
    } else if (type == "known_issues" || type == "known-issues") {
        handle_fetch("known-issues", j.dump());
    } else if (j.contains("event")) {
        if (!model_.apply_event(j, error)) platform::log("ignored event: " + error);
    } else if (j.contains("text")) {
        Record r;
        if (record_from_json(j, r, error)) model_.upsert(std::move(r));
        else platform::log("ignored record: " + error);
    }
}

void App::handle_file(const std::string& name, const std::string& text) {
    IngestResult res;
    std::string error;
    offline_status_.error = false;
    if (!parse_mentions(name, text, res, error)) {
        offline_status_.message = "Could not read " + name + ": " + error;
        offline_status_.error = true;
        return;
    }
    model_.clear();
    classify_cursor_ = 0;
    offline_status_ = {};
    offline_status_.file = name;
    offline_status_.format = res.format;
    offline_status_.skipped = res.skipped;
    for (auto& r : res.records) {
        if (!r.label.empty()) ++offline_status_.labeled;
        model_.upsert(std::move(r));
    }
    offline_status_.loaded = static_cast<int>(model_.records().size());
    for (const auto& r : model_.records()) offline_status_.classified += r.triage.present ? 1 : 0;
    offline_status_.message = "Loaded " + std::to_string(offline_status_.loaded) + " mentions" +
                              (res.skipped ? ", skipped " + std::to_string(res.skipped) + " (" + res.first_error + ")" : "");
    if (!model_.records().empty()) model_.selected_id = model_.records().front().mention.id;
}

void App::handle_fetch(const std::string& tag, const std::string& text) {
    if (tag != "known-issues") return;
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return;
    // The server's known_issues message has both "incidents" (acknowledged and fixed incidents, by title) and
    // "issues" (category aggregates): show the incidents first, then the categories. A bare array is a list too.
    std::vector<const json*> lists;
    if (j.is_array()) lists.push_back(&j);
    else if (j.is_object())
        for (const char* k : {"incidents", "issues", "items", "known_issues"})
            if (j.contains(k) && j[k].is_array()) lists.push_back(&j[k]);
    if (lists.empty()) return;
    model_.known_issues.clear();
    for (const json* list : lists)
    for (const auto& it : *list) {
        if (it.is_string()) model_.known_issues.push_back(it.get<std::string>());
        else if (it.is_object()) {
            std::string t = jstr(it, "title");
            if (t.empty()) t = jstr(it, "label");
            if (t.empty()) t = jstr(it, "summary");
            if (t.empty()) continue;
            std::string detail = jstr(it, "status");
            if (it.contains("open") && it["open"].is_number_integer())
                detail += (detail.empty() ? "" : ", ") + std::to_string(it["open"].get<long long>()) + " open reports";
            model_.known_issues.push_back(detail.empty() ? t : t + ": " + detail);
        }
    }
}

void App::classify_missing(double budget_ms) {
    if (!engine_.can_classify()) return;
    const auto& recs = model_.records();
    const auto now = platform::now_ms();
    const double start = platform::perf_ms();
    bool changed = false;
    // at least one row per call, then as many as the budget allows (each one is a cheap incremental queue update)
    while (classify_cursor_ < recs.size() && (!changed || platform::perf_ms() - start < budget_ms)) {
        Record* r = model_.find(recs[classify_cursor_].mention.id);
        if (r && !r->triage.present) {
            r->triage = engine_.classify(r->mention, now);
            model_.touch(*r);
            ++offline_status_.classified;
            changed = true;
        }
        ++classify_cursor_;
    }
    if (changed) render_frames_ = std::max(render_frames_, 1);
    if (classify_cursor_ >= recs.size() && (changed || offline_status_.classifying)) {
        offline_status_.classifying = false;
        offline_status_.classified = 0;
        for (const auto& x : recs) offline_status_.classified += x.triage.present ? 1 : 0;
    }
}

void App::reclassify_all() {
    for (const auto& r : model_.records())
        if (Record* x = model_.find(r.mention.id)) x->triage = {};
    model_.touch();
    classify_cursor_ = 0;
    offline_status_.classified = 0;
    offline_status_.classifying = engine_.can_classify() && !model_.records().empty();
    render_frames_ = std::max(render_frames_, 2);
}

void App::offline_command(const std::string& cmd) {
    if (cmd == "open") platform::open_file_picker();
    else if (cmd == "clear") {
        model_.clear();
        offline_status_ = {};
    } else if (cmd == "export-ndjson") {
        platform::download("earshot-results.ndjson", "application/x-ndjson", export_ndjson(model_.records()));
        offline_status_.message = "Exported " + std::to_string(model_.records().size()) + " mentions as NDJSON";
    } else if (cmd == "export-csv") {
        platform::download("earshot-results.csv", "text/csv", export_csv(model_.records()));
        offline_status_.message = "Exported " + std::to_string(model_.records().size()) + " mentions as CSV";
    } else if (cmd == "classify") {
        reclassify_all(); // spread over the next frames (a time budget per frame), with a progress bar
    } else if (cmd == "train") {
        std::vector<const Record*> labeled;
        for (const auto& r : model_.records())
            if (!r.label.empty()) labeled.push_back(&r);
        std::string summary, error;
        if (engine_.train(labeled, summary, error)) {
            offline_status_.message = summary;
            offline_status_.error = false;
            offline_command("classify");
        } else {
            offline_status_.message = "Training failed: " + error;
            offline_status_.error = true;
        }
    }
}

// ------------------------------------------------------------------------------------------------ actions

void App::select(const std::string& id) {
    if (model_.selected_id == id) return;
    model_.selected_id = id;
    // drafts in the page when the record came without them (offline, or a server without drafting)
    if (Record* r = model_.find(id); r && r->drafts.empty() && r->triage.present && engine_.can_draft()) r->drafts = engine_.draft(*r);
    send_presence("viewing");
    render_frames_ = std::max(render_frames_, 2);
}

void App::set_status(const std::string& id, const std::string& status) {
    Record* r = model_.find(id);
    if (!r) return;
    r->status = status;
    model_.touch(*r);
    if (opt_.mode == "agent") platform::emit_action(json({{"action", "status"}, {"id", id}, {"status", status}}).dump());
}

void App::assign(const std::string& id, const std::string& agent) {
    Record* r = model_.find(id);
    if (!r) return;
    r->assignee = agent;
    model_.touch(*r);
    if (opt_.mode == "agent") platform::emit_action(json({{"action", "assign"}, {"id", id}, {"assignee", agent}}).dump());
}

void App::send_reply(const std::string& id, const std::string& text) {
    if (opt_.mode == "help") {
        platform::emit_action(json({{"action", "submit"}, {"text", text}}).dump());
        return;
    }
    Record* r = model_.find(id);
    if (!r) return;
    r->replies.push_back({text, model_.agent, platform::now_ms()});
    model_.touch(*r);
    if (opt_.mode == "agent") platform::emit_action(json({{"action", "reply"}, {"id", id}, {"text", text}}).dump());
}

bool App::incident(const std::string& id, const std::string& action, const std::string& note) {
    if (opt_.mode != "agent" || (action != "acknowledge" && action != "fix")) return false;
    const auto it = std::find_if(model_.incidents.begin(), model_.incidents.end(),
                                 [&](const json& x) { return jstr(x, "id") == id; });
    if (it == model_.incidents.end()) return false;
    const auto status = jstr(*it, "status").empty() ? std::string("open") : jstr(*it, "status");
    if (action == "acknowledge" && status != "open") return false; // the server would answer 409 (fixed) or no-op
    if (action == "fix" && (status == "fixed" || note.empty() || note.size() > 2000)) return false; // note: 1..2000 bytes
    json a = {{"action", "incident-" + action}, {"id", id}, {"agent", model_.agent}};
    if (action == "fix") a["note"] = note;
    platform::emit_action(a.dump());
    return true;
}

void App::typing(const std::string& id) {
    const auto now = platform::now_ms();
    if (now - last_typing_sent_ < 2000) return;
    last_typing_sent_ = now;
    if (live_.open()) live_.send(json({{"type", "presence"}, {"mention_id", id}, {"state", "drafting"}}).dump());
}

void App::send_presence(const std::string& state) {
    if (!live_.open()) return;
    live_.send(json({{"type", "presence"}, {"mention_id", model_.selected_id}, {"state", state}}).dump());
}

bool App::load_model(const std::string& name, const std::string& bytes) {
    std::string error;
    if (!engine_.load_model(name, bytes, error)) {
        platform::log("model " + name + " not loaded: " + error);
        return false;
    }
    // records classified before the models arrived are classified again
    if (opt_.mode == "offline") reclassify_all();
    help_.set_text(help_.state().text);
    render_frames_ = std::max(render_frames_, 2);
    return true;
}

bool App::command(const std::string& name, const std::string& arg) {
    drain_inbound(1e9); // commands apply after the data pushed before them
    const std::string id = model_.selected_id;
    render_frames_ = std::max(render_frames_, 2);
    if (name == "select") {
        if (!model_.find(arg)) return false;
        select(arg);
        queue_.scroll_to_selection();
    } else if (name == "next") move_selection(1, true);
    else if (name == "prev") move_selection(-1, true);
    else if (name == "resolve") set_status(arg.empty() ? id : arg, "resolved");
    else if (name == "pending") set_status(arg.empty() ? id : arg, "pending");
    else if (name == "reopen") set_status(arg.empty() ? id : arg, "open");
    else if (name == "assign") assign(id, arg.empty() ? model_.agent : arg);
    else if (name == "reply-text") {
        if (model_.find(id)) reply_.set_text(id, arg);
    } else if (name == "send-reply") {
        if (!model_.find(id) || reply_.text().empty()) return false;
        send_reply(id, reply_.text());
        reply_.set_text(id, "");
    } else if (name == "fix") {
        const bool ok = reply_.apply_fix(std::atoi(arg.c_str()));
        render_frames_ = std::max(render_frames_, 2);
        return ok;
    } else if (name == "filter") { // "category=Refunds", "team=" (any), status/sentiment/tier/assignee likewise
        const auto eq = arg.find('=');
        if (eq == std::string::npos) return false;
        const std::string key = arg.substr(0, eq), value = arg.substr(eq + 1);
        auto& f = model_.filter;
        if (key == "category") f.category = value;
        else if (key == "sentiment") f.sentiment = value;
        else if (key == "tier") f.tier = value;
        else if (key == "team") f.team = value;
        else if (key == "assignee") f.assignee = value;
        else if (key == "status") {
            f.status = value;
            f.open_only = value.empty();
        } else return false;
    } else if (name == "search") {
        model_.filter.search = arg;
    } else if (name == "help-text") help_.set_text(arg);
    else if (name == "help-input") help_.input_from_field(arg, platform::now_ms());
    else if (name == "reply-input") reply_.input_from_field(arg);
    else if (name == "reply-submit") reply_.submit();
    else if (name == "tab") tab_ = arg == "insights" ? 1 : 0;
    else if (name == "sort")
        model_.sort = arg == "urgency" ? SortKey::Urgency : arg == "newest" ? SortKey::Newest : arg == "oldest" ? SortKey::Oldest : SortKey::Deadline;
    else if (name == "offline") offline_command(arg);
    else if (name == "incident-ack") return incident(arg, "acknowledge", "");
    else if (name == "incident-fix") { // arg: {"id": "...", "note": "..."}
        const json a = json::parse(arg, nullptr, false);
        if (a.is_discarded() || !a.is_object()) return false;
        return incident(jstr(a, "id"), "fix", jstr(a, "note"));
    }
    else return false;
    return true;
}

void App::move_selection(int delta, bool exact) {
    const auto& rows = exact ? model_.rows() : model_.shown_rows();
    if (rows.empty()) return;
    int at = -1;
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (model_.records()[rows[i]].mention.id == model_.selected_id) at = static_cast<int>(i);
    at = at < 0 ? 0 : std::clamp(at + delta, 0, static_cast<int>(rows.size()) - 1);
    select(model_.records()[rows[static_cast<std::size_t>(at)]].mention.id);
    queue_.scroll_to_selection();
}

void App::shortcuts() {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || io.KeyCtrl || io.KeyAlt || opt_.mode == "help") return;
    if (ImGui::IsKeyPressed(74) || ImGui::IsKeyPressed(40)) move_selection(1, false);  // j / down
    if (ImGui::IsKeyPressed(75) || ImGui::IsKeyPressed(38)) move_selection(-1, false); // k / up
    if (ImGui::IsKeyPressed(82, false)) { // r
        reply_.focus();
        hold_input_frames_ = 2;
    }
    if (ImGui::IsKeyPressed(69, false) && !model_.selected_id.empty()) {        // e
        Record* r = model_.find(model_.selected_id);
        if (r) set_status(r->mention.id, r->open() ? "resolved" : "open");
    }
    if (ImGui::IsKeyPressed(191, false)) { // '/'
        tab_ = 0;
        queue_.focus_search();
        hold_input_frames_ = 2;
    }
}

// ------------------------------------------------------------------------------------------------ drawing

void App::draw_top_bar(Ui& ui) {
    ImGui::PushFont(fonts_.heading);
    ImGui::TextColored(pal_.accent, "earshot");
    ImGui::PopFont();
    ImGui::SameLine();
    if (opt_.mode == "agent") {
        ImVec4 c = pal_.muted;
        std::string label = to_string(model_.connection);
        switch (model_.connection) {
        case Connection::Live: c = pal_.ok; break;
        case Connection::Connecting: c = pal_.warn; break;
        case Connection::Reconnecting: {
            c = pal_.warn;
            const auto wait = live_.next_attempt_ms() - ui.now_ms;
            if (wait > 0) label += " in " + std::to_string((wait + 999) / 1000) + "s";
            break;
        }
        case Connection::Unauthorized: c = pal_.bad; break;
        case Connection::Offline: label = opt_.server.empty() ? "no server" : "offline"; break;
        }
        badge(("\xE2\x97\x8F " + label).c_str(), c);
        if (!model_.connection_detail.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", model_.connection_detail.c_str());
    } else {
        badge("offline \xC2\xB7 in this page only", pal_.accent);
    }
    ImGui::SameLine();
    const auto& rows = model_.shown_rows();
    if (overdue_revision_ != model_.rows_revision() || overdue_at_s_ != ui.now_ms / 1000) { // a pass over the rows
        overdue_revision_ = model_.rows_revision();
        overdue_at_s_ = ui.now_ms / 1000;
        overdue_ = 0;
        for (auto i : rows) {
            const auto& r = model_.records()[i];
            const auto d = r.deadline_ms();
            if (d > 0 && d < ui.now_ms && r.open()) ++overdue_;
        }
    }
    ImGui::TextColored(pal_.muted, "%zu shown of %zu", rows.size(), model_.records().size());
    if (const char* busy = model_.busy()) { // a large queue re-sorts over a few frames: say so instead of freezing
        ImGui::SameLine();
        ImGui::TextColored(pal_.muted, "(%s...)", busy);
    }
    if (overdue_) {
        ImGui::SameLine();
        ImGui::TextColored(pal_.bad, "\xC2\xB7 %d overdue", overdue_);
    }
    // presence summary
    std::string agents;
    for (const auto& p : model_.presence)
        if (p.agent != model_.agent) agents += (agents.empty() ? "" : ", ") + p.agent;
    if (!agents.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(pal_.accent, "\xC2\xB7 online: %s", agents.c_str());
    }
    // tabs + theme, right-aligned
    const float right = ImGui::GetWindowContentRegionMax().x;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX() + 10, right - 250));
    if (ImGui::RadioButton("Inbox", tab_ == 0)) tab_ = 0;
    ImGui::SameLine();
    if (ImGui::RadioButton("Insights", tab_ == 1)) tab_ = 1;
    ImGui::SameLine();
    if (ImGui::SmallButton(pal_.dark ? "Light" : "Dark")) {
        opt_.theme = pal_.dark ? "light" : "dark";
        theme_dirty_ = true;
    }
}

void App::draw_agent(Ui& ui) {
    draw_top_bar(ui);
    if (opt_.mode == "offline") {
        const auto cmd = offline_.draw(ui, offline_status_);
        if (!cmd.empty()) offline_command(cmd);
    }
    if (tab_ == 1) {
        ImGui::BeginChild("insights", ImVec2(0, 0), false);
        insights_.draw(ui);
        ImGui::EndChild();
        return;
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool narrow = avail.x < 760;
    const ImVec2 queue_size = narrow ? ImVec2(0, avail.y * 0.45f) : ImVec2(avail.x * 0.57f, 0);
    ImGui::BeginChild("queuepane", queue_size, false);
    queue_.draw(ui);
    ImGui::EndChild();
    if (!narrow) ImGui::SameLine();
    ImGui::BeginChild("detailpane", ImVec2(0, 0), true);
    Record* r = model_.selected_id.empty() ? nullptr : model_.find(model_.selected_id);
    if (!r) {
        ImGui::TextDisabled(model_.records().empty() ? (opt_.mode == "offline" ? "Load a file to start." : "Waiting for mentions...")
                                                     : "Select a mention (j / k to move, r to reply, e to resolve, / to search).");
    } else {
        detail_.draw(ui, *r);
        ImGui::Separator();
        reply_.draw(ui, *r);
    }
    ImGui::EndChild();
}

void App::draw_help(Ui& ui) { help_.draw(ui); }

void App::frame() {
    const double t0 = platform::perf_ms();
    // Work before drawing shares about 7 ms, so that with a full queue's drawing (2-5 ms) and the mirror a frame stays
    // under 16 ms: inbound data first, then the queue's re-sort/re-filter slices, then offline classification.
    drain_inbound(3.0);
    const auto now = platform::now_ms();
    live_.tick(now);
    advance_queue(std::max(1.0, 5.0 - (platform::perf_ms() - t0)));
    if (opt_.mode == "offline") classify_missing(std::max(1.0, 7.0 - (platform::perf_ms() - t0)));
    if (now / 1000 != last_tick_s_) { // countdowns move once per second
        last_tick_s_ = now / 1000;
        render_frames_ = std::max(render_frames_, 1);
    }
    if (opt_.mode == "help" && help_.state().text != help_.state().classified) render_frames_ = std::max(render_frames_, 1);
    if (!input_.empty()) render_frames_ = std::max(render_frames_, 3);
    if (!always_render_ && render_frames_ <= 0) {
        ++stats_.skipped;
        return;
    }
    --render_frames_;
    if (dpr_ != font_dpr_) rebuild_fonts();
    if (theme_dirty_) {
        pal_ = apply_theme(opt_.theme, 1.0f);
        theme_dirty_ = false;
    }

    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(css_w_, css_h_);
    io.DisplayFramebufferScale = ImVec2(dpr_, dpr_);
    io.DeltaTime = last_frame_perf_ > 0 ? static_cast<float>(std::max(0.001, (t0 - last_frame_perf_) / 1000.0)) : 1.0f / 60.0f;
    last_frame_perf_ = t0;

    apply_input();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("earshot", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                         ImGuiWindowFlags_NoBringToFrontOnFocus);
    Ui ui{model_, engine_, pal_, fonts_, now, *this, opt_.mode};
    shortcuts();
    if (opt_.mode == "help") draw_help(ui);
    else draw_agent(ui);
    ImGui::End();
    platform::end_text_fields(); // hides the text boxes of views not drawn this frame
    ImGui::Render();

    const int fb_w = static_cast<int>(std::lround(css_w_ * dpr_)), fb_h = static_cast<int>(std::lround(css_h_ * dpr_));
    platform::set_canvas_pixels(fb_w, fb_h);
    glViewport(0, 0, fb_w, fb_h);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (ImGui::GetMouseCursor() != ImGuiMouseCursor_Arrow || true) platform::set_cursor(ImGui::GetMouseCursor());

    const double ms = platform::perf_ms() - t0;
    stats_.last_ms = ms;
    stats_.max_ms = std::max(stats_.max_ms, ms);
    stats_.avg_ms = stats_.frames == 0 ? ms : stats_.avg_ms * 0.9 + ms * 0.1;
    if (stats_.frames == 0) stats_.first_frame_at = platform::perf_ms();
    if (stats_.window.size() < 100000) stats_.window.push_back(static_cast<float>(ms));
    ++stats_.frames;
    publish_mirror();
}

// ------------------------------------------------------------------------------------------------ mirror

void App::advance_queue(double budget_ms) {
    const double start = platform::perf_ms();
    const auto before = model_.rows_revision();
    // slices of ~4k records/keys (well under a millisecond each), until done or out of time
    while (!model_.advance(4096) && platform::perf_ms() - start < budget_ms) {
    }
    if (!model_.settled() || model_.rows_revision() != before) render_frames_ = std::max(render_frames_, 2);
}

std::string App::state_json(bool exact) {
    json j;
    j["mode"] = opt_.mode;
    j["theme"] = opt_.theme;
    j["connection"] = to_string(model_.connection);
    j["connection_detail"] = model_.connection_detail;
    j["last_seq"] = model_.last_seq;
    j["total"] = model_.records().size();
    const auto& rows = exact ? model_.rows() : model_.shown_rows();
    j["shown"] = rows.size();
    j["search"] = model_.filter.search;
    json q = json::array();
    const auto now = platform::now_ms();
    for (std::size_t i = 0; i < rows.size() && i < 25; ++i) {
        const auto& r = model_.records()[rows[i]];
        q.push_back({{"id", r.mention.id},
                     {"author", r.mention.author.handle},
                     {"text", r.mention.text.substr(0, 280)},
                     {"category", r.triage.category_label},
                     {"sentiment", r.triage.present ? r.triage.sentiment : ""},
                     {"due", deadline_text(r, now)},
                     {"status", r.status}});
    }
    j["queue"] = q;
    if (const Record* r = model_.selected_id.empty() ? nullptr : model_.find(model_.selected_id)) {
        json sel = {{"id", r->mention.id},      {"author", r->mention.author.handle}, {"followers", r->mention.author.followers},
                    {"text", r->mention.text},  {"status", r->status},               {"assignee", r->assignee},
                    {"due", deadline_text(*r, now)}};
        if (r->triage.present)
            sel["triage"] = {{"category", r->triage.category_label}, {"sentiment", r->triage.sentiment}, {"urgency", r->triage.urgency},
                             {"tier", r->triage.tier}, {"team", r->triage.team}, {"explanation", r->triage.explanation}};
        json drafts = json::array();
        for (const auto& d : r->drafts) drafts.push_back({{"label", d.label}, {"text", d.text}});
        sel["drafts"] = drafts;
        sel["replies"] = r->replies.size();
        j["selected"] = sel;
        json lint = nullptr;
        if (reply_.lint().present) {
            json f = json::array();
            for (const auto& x : reply_.lint().findings)
                f.push_back({{"rule", x.rule}, {"severity", x.severity}, {"message", x.message}, {"fixable", x.has_fix}});
            lint = {{"score", reply_.lint().score}, {"findings", f}, {"length", reply_.lint().length}, {"limit", reply_.lint().limit}};
        }
        j["reply"] = {{"text", reply_.text()}, {"lint", lint}, {"lint_available", engine_.can_lint()}};
    }
    j["known_issues"] = model_.known_issues;
    json incs = json::array();
    for (const auto& x : model_.incidents)
        if (x.is_object())
            incs.push_back({{"id", jstr(x, "id")}, {"title", jstr(x, "title")},
                            {"status", jstr(x, "status").empty() ? std::string("open") : jstr(x, "status")}, {"team", jstr(x, "team")},
                            {"mentions", x.contains("mentions") && x["mentions"].is_number() ? x["mentions"].get<std::int64_t>() : 0},
                            {"fix_note", jstr(x, "fix_note")},
                            {"grouped", x.contains("mention_ids") && x["mention_ids"].is_array() ? x["mention_ids"].size() : 0},
                            {"volume", x.contains("volume") && x["volume"].is_array() ? x["volume"] : json::array()}});
    j["incidents"] = incs;
    j["models"] = engine_.loaded_models();
    json presence = json::array();
    for (const auto& p : model_.presence) presence.push_back({{"agent", p.agent}, {"mention_id", p.mention_id}, {"state", p.state}});
    j["presence"] = presence;
    if (opt_.mode == "help") {
        const auto& s = help_.state();
        json pii = json::array();
        for (const auto& e : s.pii) pii.push_back({{"type", e.type}, {"text", e.text}});
        j["help"] = {{"text", s.text},
                     {"classified", s.classified == s.text && !s.text.empty()},
                     {"category", s.triage.category_label},
                     {"respond_within_minutes", s.triage.respond_within_minutes},
                     {"answer", s.answer.present ? json{{"title", s.answer.title}, {"body", s.answer.body}} : json(nullptr)},
                     {"pii", pii},
                     {"submitted", s.submitted},
                     {"classifier_available", engine_.can_classify()}};
    }
    if (opt_.mode == "offline") {
        const auto& o = offline_status_;
        j["offline"] = {{"file", o.file}, {"format", o.format}, {"loaded", o.loaded}, {"skipped", o.skipped}, {"labeled", o.labeled},
                        {"classified", o.classified}, {"message", o.message}, {"error", o.error}};
    }
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

void App::publish_mirror() {
    const double t = platform::perf_ms();
    const bool changed = model_.revision() != mirror_revision_ || model_.rows_revision() != mirror_rows_revision_;
    if (!changed && t - last_mirror_at_ < 250) return;
    last_mirror_at_ = t;
    mirror_revision_ = model_.revision();
    mirror_rows_revision_ = model_.rows_revision();
    auto s = state_json(false); // as drawn: never finishes a re-sort inside the frame
    if (s == last_mirror_) return;
    last_mirror_ = s;
    platform::publish_mirror(s);
}

} // namespace earshot::widget

// The browser implementation of platform.hpp (Emscripten). Every JS touch goes through Module.earshotHost, the
// custom element that created this module instance, so several widgets on one page never share state.

#include "platform.hpp"

#pragma clang diagnostic ignored "-Wdollar-in-identifier-extension" // EM_ASM uses $0, $1

#include <emscripten/emscripten.h>

#include <algorithm>
#include <vector>

namespace earshot::widget::platform {

bool create_gl_context() {
    const int handle = EM_ASM_INT({
        var canvas = Module["canvas"];
        if (!canvas) return 0;
        var h = GL.createContext(canvas, {
            majorVersion : 2, minorVersion : 0, alpha : false, depth : false, stencil : false, antialias : false,
            premultipliedAlpha : true, preserveDrawingBuffer : false, powerPreference : "default"
        });
        if (!h) return 0;
        GL.makeContextCurrent(h);
        return h;
    });
    return handle != 0;
}

void set_canvas_pixels(int width, int height) {
    EM_ASM({
        var c = Module["canvas"];
        if (c && (c.width != $0 || c.height != $1)) { c.width = $0; c.height = $1; }
    }, width, height);
}

std::int64_t now_ms() { return static_cast<std::int64_t>(EM_ASM_DOUBLE({ return Date.now(); })); }

double perf_ms() { return emscripten_get_now(); }

void set_clipboard(const std::string& text) {
    EM_ASM({
        var t = UTF8ToString($0);
        if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(t).catch(function() {});
    }, text.c_str());
}

void set_cursor(int cursor) {
    EM_ASM({
        var names = "default text move ns-resize ew-resize nesw-resize nwse-resize pointer not-allowed".split(" ");
        var c = Module["canvas"];
        if (c) c.style.cursor = $0 < 0 ? "none" : (names[$0] || "default");
    }, cursor);
}

void publish_mirror(const std::string& json) {
    EM_ASM({ var h = Module["earshotHost"]; if (h && h._mirror) h._mirror(UTF8ToString($0)); }, json.c_str());
}

void emit_action(const std::string& json) {
    EM_ASM({ var h = Module["earshotHost"]; if (h && h._action) h._action(UTF8ToString($0)); }, json.c_str());
}

void download(const std::string& filename, const std::string& mime, const std::string& content) {
    EM_ASM({ var h = Module["earshotHost"]; if (h && h._download) h._download(UTF8ToString($0), UTF8ToString($1), UTF8ToString($2)); },
           filename.c_str(), mime.c_str(), content.c_str());
}

void open_file_picker() {
    EM_ASM({ var h = Module["earshotHost"]; if (h && h._pickFile) h._pickFile(); });
}

void fetch_text(const std::string& url, const std::string& tag) {
    EM_ASM({ var h = Module["earshotHost"]; if (h && h._fetch) h._fetch(UTF8ToString($0), UTF8ToString($1)); }, url.c_str(),
           tag.c_str());
}

namespace {
std::vector<std::string> g_fields_placed; ///< text boxes placed since the last end_text_fields()
}

void place_text_field(const TextField& f) {
    if (std::find(g_fields_placed.begin(), g_fields_placed.end(), f.id) == g_fields_placed.end()) g_fields_placed.push_back(f.id);
    EM_ASM({
        var h = Module["earshotHost"];
        if (h && h._placeField)
            h._placeField(UTF8ToString($0), $1, $2, $3, $4, $5, UTF8ToString($6), UTF8ToString($7), UTF8ToString($8),
                          UTF8ToString($9), UTF8ToString($10));
    }, f.id.c_str(), f.x, f.y, f.w, f.h, f.font_px, f.color.c_str(), f.background.c_str(), f.border.c_str(), f.placeholder.c_str(),
       f.label.c_str());
}

void end_text_fields() {
    std::string ids;
    for (const auto& id : g_fields_placed) ids += (ids.empty() ? "" : ",") + id;
    g_fields_placed.clear();
    EM_ASM({ var h = Module["earshotHost"]; if (h && h._keepFields) h._keepFields(UTF8ToString($0)); }, ids.c_str());
}

void set_text_field_value(const std::string& id, const std::string& text) {
    EM_ASM({ var h = Module["earshotHost"]; if (h && h._setFieldValue) h._setFieldValue(UTF8ToString($0), UTF8ToString($1)); }, id.c_str(),
           text.c_str());
}

void focus_text_field(const std::string& id) {
    EM_ASM({ var h = Module["earshotHost"]; if (h && h._focusField) h._focusField(UTF8ToString($0)); }, id.c_str());
}

void log(const std::string& text) {
    EM_ASM({ console.log("[earshot] " + UTF8ToString($0)); }, text.c_str());
}

} // namespace earshot::widget::platform

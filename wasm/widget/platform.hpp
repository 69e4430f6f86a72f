#pragma once
// The small platform backend (Tracy's Backend idea): everything that touches the browser lives behind these calls.
// Input comes the other way, from the custom element through the embind functions in bindings_widget.cpp.

#include <cstdint>
#include <string>

namespace earshot::widget::platform {

/// Creates a WebGL2 context on this module's own canvas (Module.canvas) and makes it current. False if unavailable.
bool create_gl_context();
/// Sets the canvas backing store size in device pixels.
void set_canvas_pixels(int width, int height);
/// Wall clock, Unix milliseconds (Date.now()).
std::int64_t now_ms();
/// Monotonic milliseconds (performance.now()).
double perf_ms();
void set_clipboard(const std::string& text);
void set_cursor(int imgui_cursor);
/// Hands the accessibility mirror (JSON) to the custom element, which renders it into its off-screen ARIA DOM.
void publish_mirror(const std::string& json);
/// Tells the custom element about an agent action ({"action":"resolve","id":...}); it forwards it to the server's
/// REST API when live and dispatches an `earshot-action` DOM event.
void emit_action(const std::string& json);
/// Offers a file download (offline export).
void download(const std::string& filename, const std::string& mime, const std::string& content);
/// Asks the element to open its file picker (offline mode).
void open_file_picker();
/// Fetches a URL (GET, text); the response arrives as an inbound "fetch" message with this tag.
void fetch_text(const std::string& url, const std::string& tag);
/// Native text boxes the custom element lays over the canvas, for text people write (the help visitor's message,
/// the agent's reply): the browser gives them line wrapping, IME, mobile keyboards, spell-checking and
/// screen-reader support, none of which a canvas has. What is typed comes back as the "<id>-input" command,
/// Ctrl/Cmd+Enter as "<id>-submit"; Escape returns the focus to the canvas.
struct TextField {
    std::string id;                   ///< "help", "reply"
    float x = 0, y = 0, w = 0, h = 0; ///< CSS pixels from the canvas's top-left; w or h 0: hidden
    float font_px = 14;
    std::string color, background, border; ///< CSS colours (border: when focused)
    std::string placeholder, label;        ///< label: the accessible name
};
/// Shows/moves a text box for this frame (cheap when nothing changed: the element compares).
void place_text_field(const TextField& field);
/// Hides every text box not placed since the previous call (called once at the end of each drawn frame).
void end_text_fields();
/// Replaces a text box's content (when the widget changed the text: a draft chosen, personal data removed).
void set_text_field_value(const std::string& id, const std::string& text);
/// Moves the keyboard focus into a text box.
void focus_text_field(const std::string& id);
/// Logs to the browser console.
void log(const std::string& text);

} // namespace earshot::widget::platform

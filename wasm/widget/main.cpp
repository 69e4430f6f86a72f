// The earshot widget: a Dear ImGui dashboard rendered with WebGL2 into the canvas its custom element created.
// Foundation version: proves ImGui + GLFW + WebGL2 compile and render; the dashboard proper grows from here.

#include "earshot/tokenizer.hpp"
#include "earshot/version.hpp"

#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>
#include <string>

namespace {

struct App {
    GLFWwindow* window = nullptr;
    char input[512] = "My bag has been missing for 3 days @airline!!! NOT happy 😡 https://t.co/x";
    int frames = 0;
};

void frame(void* arg) {
    auto& app = *static_cast<App*>(arg);
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::Begin("earshot", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
    ImGui::TextColored(ImVec4(0.45f, 0.75f, 1.0f, 1.0f), "earshot %s", earshot::kVersion);
    ImGui::Separator();
    ImGui::InputTextMultiline("##mention", app.input, sizeof app.input, ImVec2(-1, 60));
    const auto tok = earshot::tokenize(app.input);
    ImGui::Text("%zu tokens, %u caps words, %u emoji%s", tok.tokens.size(), tok.stats.caps_words, tok.stats.emoji,
                tok.stats.shouting() ? ", shouting" : "");
    if (ImGui::BeginTable("tokens", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders)) {
        ImGui::TableSetupColumn("kind");
        ImGui::TableSetupColumn("text");
        ImGui::TableSetupColumn("norm");
        ImGui::TableHeadersRow();
        for (const auto& t : tok.tokens) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(earshot::to_string(t.kind));
            ImGui::TableNextColumn();
            const auto raw = t.raw(app.input);
            ImGui::TextUnformatted(raw.data(), raw.data() + raw.size());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(t.norm.c_str());
        }
        ImGui::EndTable();
    }
    ImGui::End();

    ImGui::Render();
    int w = 0, h = 0;
    glfwGetFramebufferSize(app.window, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.08f, 0.09f, 0.11f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ++app.frames;
}

} // namespace

int main() {
    if (!glfwInit()) {
        std::fprintf(stderr, "earshot widget: glfwInit failed\n");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    // The custom element created this module's own canvas (Module.canvas) and sized it to its box.
    const int css_w = EM_ASM_INT({ return Module.canvas ? Module.canvas.clientWidth | 0 : 0; });
    const int css_h = EM_ASM_INT({ return Module.canvas ? Module.canvas.clientHeight | 0 : 0; });
    static App app;
    app.window = glfwCreateWindow(css_w > 0 ? css_w : 800, css_h > 0 ? css_h : 500, "earshot", nullptr, nullptr);
    if (!app.window) {
        std::fprintf(stderr, "earshot widget: WebGL2 is not available\n");
        return 1;
    }
    glfwMakeContextCurrent(app.window);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui::StyleColorsDark();
    ImGui_ImplGlfw_InitForOpenGL(app.window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    emscripten_set_main_loop_arg(frame, &app, 0, false);
    return 0;
}

# earshot_embed(<out_var> NAMESPACE <ns> NAME <file_stem> FILES sym1=path1 [sym2=path2 ...] [DEPENDS targets...])
# Generates ${CMAKE_CURRENT_BINARY_DIR}/generated/<file_stem>.cpp at build time (scripts/embed.mjs) exposing each
# file as `std::string_view <ns>::<sym>() noexcept`, and appends the source to <out_var>.
function(earshot_embed out_var)
    cmake_parse_arguments(E "" "NAMESPACE;NAME" "FILES;DEPENDS" ${ARGN})
    set(out "${CMAKE_CURRENT_BINARY_DIR}/generated/${E_NAME}.cpp")
    set(paths "")
    foreach(pair ${E_FILES})
        string(REGEX REPLACE "^[^=]*=" "" p "${pair}")
        list(APPEND paths "${p}")
    endforeach()
    add_custom_command(OUTPUT "${out}"
        COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_CURRENT_BINARY_DIR}/generated"
        COMMAND ${NODE_EXECUTABLE} "${PROJECT_SOURCE_DIR}/scripts/embed.mjs" "${out}" ${E_NAMESPACE} ${E_FILES}
        DEPENDS ${paths} "${PROJECT_SOURCE_DIR}/scripts/embed.mjs" ${E_DEPENDS}
        COMMENT "Embedding ${E_NAME}"
        VERBATIM)
    set(${out_var} ${${out_var}} "${out}" PARENT_SCOPE)
endfunction()

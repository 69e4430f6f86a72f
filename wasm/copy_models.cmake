# Copies SRC/{sentiment,complaint,category}.bin into DST when present (the native build trains them).
file(MAKE_DIRECTORY "${DST}")
foreach(m sentiment complaint category)
    if(EXISTS "${SRC}/${m}.bin")
        file(COPY_FILE "${SRC}/${m}.bin" "${DST}/${m}.bin" ONLY_IF_DIFFERENT)
    else()
        message(STATUS "no ${m} model in ${SRC}: the widget will triage with rules only")
    endif()
endforeach()

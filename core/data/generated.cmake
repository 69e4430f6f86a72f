# Build-time data of the core (included by core/CMakeLists.txt):
#   - the VADER lexicon, converted from the npm package vader-sentiment (never committed)
#   - the shipped playbooks (core/playbooks/*.json)
set(EARSHOT_VADER_TSV "${CMAKE_CURRENT_BINARY_DIR}/generated/vader_lexicon.tsv")
add_custom_command(OUTPUT "${EARSHOT_VADER_TSV}"
    COMMAND ${NODE_EXECUTABLE} "${PROJECT_SOURCE_DIR}/scripts/vader-lexicon.mjs" "${EARSHOT_NODE_MODULES}" "${EARSHOT_VADER_TSV}"
    DEPENDS "${PROJECT_SOURCE_DIR}/scripts/vader-lexicon.mjs" "${EARSHOT_NODE_MODULES}/vader-sentiment/src/vader_lexicon.js"
    COMMENT "Converting the VADER lexicon (npm vader-sentiment) into core data"
    VERBATIM)
earshot_embed(EARSHOT_CORE_GENERATED NAMESPACE earshot::data NAME vader_lexicon
    FILES vader_lexicon_tsv=${EARSHOT_VADER_TSV})
earshot_embed(EARSHOT_CORE_GENERATED NAMESPACE earshot::data NAME builtin_playbooks
    FILES playbook_default_json=${CMAKE_CURRENT_SOURCE_DIR}/playbooks/default.json
          playbook_airline_json=${CMAKE_CURRENT_SOURCE_DIR}/playbooks/airline.json)

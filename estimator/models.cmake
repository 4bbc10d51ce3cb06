# estimator/models.cmake: the model sources (one file each, model_*.c, found by name: a new
# model is its file plus its line in the explicit table of models.c), the power tables and
# their look-up, and --ga-form.
file(GLOB ET_MODEL_FILES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/model_*.c)
set(ET_MODEL_SOURCES
  models.c
  ${ET_MODEL_FILES}
  power_tables.c
  cpu_lookup.c
  cpu_match_codecarbon2.c
  cpu_match_eco2ai.c
  cpu_match_carbontracker.c
  ga_form.c
)

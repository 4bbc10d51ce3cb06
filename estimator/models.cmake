# estimator/models.cmake: the model sources, the power tables and their look-up, and
# --ga-form (one file per model; the explicit table is models.c).
set(ET_MODEL_SOURCES
  models.c
  model_common.c
  model_ga.c
  model_greenalgorithms.c
  model_codecarbon.c
  model_codecarbon3.c
  model_eco2ai.c
  model_carbontracker.c
  model_gpu.c
  power_tables.c
  cpu_lookup.c
  cpu_match_codecarbon2.c
  cpu_match_eco2ai.c
  ga_form.c
)

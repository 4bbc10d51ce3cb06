# estimator/models.cmake: the model sources and power tables (one file per model).
set(ET_MODEL_SOURCES
  models.c
)

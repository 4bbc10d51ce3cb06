# bench/recorder.cmake: etrec's CPU per sample vs a minimal C loop (the floor) and a
# psutil loop. Not a test: run `bench/recorder/run.sh <build dir>` or the target below.
add_executable(bench_recorder_floor ${CMAKE_CURRENT_SOURCE_DIR}/recorder/floor.c)
add_custom_target(bench-recorder
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/recorder/run.sh ${CMAKE_BINARY_DIR}
  DEPENDS etrec bench_recorder_floor
  USES_TERMINAL
  COMMENT "etrec CPU per sample vs the floor and psutil")

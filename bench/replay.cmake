# bench/replay.cmake: etest's replay throughput against `wc -l` and against libcsv alone
# on generated logs of 100 MB and 1 GB (`cmake --build <dir> --target bench-replay`).
add_executable(gen_replay_log ${CMAKE_CURRENT_SOURCE_DIR}/replay/gen_log.c)
target_include_directories(gen_replay_log PRIVATE ${CMAKE_SOURCE_DIR}/common)
add_executable(bench_replay_csv_floor ${CMAKE_CURRENT_SOURCE_DIR}/replay/csv_floor.c)
target_link_libraries(bench_replay_csv_floor PRIVATE libcsv::csv)
add_custom_target(bench-replay
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/replay/run.sh $<TARGET_FILE:gen_replay_log>
          $<TARGET_FILE:etest> $<TARGET_FILE:bench_replay_csv_floor> ${CMAKE_CURRENT_BINARY_DIR}/replay-work
  DEPENDS gen_replay_log etest bench_replay_csv_floor
  USES_TERMINAL)

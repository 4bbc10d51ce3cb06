# bench/report.cmake: what --pdf costs on top of the replay, on a generated week-long log
# at 1 s with 8 GPUs: PDF size, extra CPU time and peak memory, as ratios to the replay
# alone (`cmake --build <dir> --target bench-report`). gen_run_log also makes the logs of
# tests/reports/t_pdf.sh.
add_executable(gen_run_log ${CMAKE_CURRENT_SOURCE_DIR}/report/gen_run_log.c)
target_include_directories(gen_run_log PRIVATE ${CMAKE_SOURCE_DIR}/common)
add_custom_target(bench-report
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/report/run.sh $<TARGET_FILE:gen_run_log>
          $<TARGET_FILE:etest> ${CMAKE_CURRENT_BINARY_DIR}/report-work
  DEPENDS gen_run_log etest
  USES_TERMINAL)

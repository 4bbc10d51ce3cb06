/* temporary until the writers land */ int et_reports_placeholder_(void); int et_reports_placeholder_(void) { return 0; }

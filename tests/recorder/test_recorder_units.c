/* test_recorder_units.c - unit tests of etrec's modules: text/CSV/JSON writing, the
 * /proc parsers, the job tree, the user CPU counter, nvidia-smi lines and options. */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../harness.h"
#include "gpu.h"
#include "job_cgroup.h"
#include "options.h"
#include "proc_parse.h"
#include "proc_scan.h"
#include "rapl.h"
#include "textbuf.h"
#include "user_cpu.h"
#include "utf8.h"

static void test_textbuf(void)
{
	struct textbuf tb = TEXTBUF_INIT;
	tb_add_csv_text(&tb, "plain text");
	CHECK_STR_EQ(tb.data, "plain text");
	tb_reset(&tb);
	tb_add_csv_text(&tb, "a,b \"c\"\nd");
	/* comma and quotes: quoted, inner quotes doubled, newline becomes a space */
	CHECK_STR_EQ(tb.data, "\"a,b \"\"c\"\" d\"");
	tb_reset(&tb);
	tb_add_json_string(&tb, "q\"b\\s\x01\xc3\xa9", 0);
	CHECK_STR_EQ(tb.data, "\"q\\\"b\\\\s\\u0001\xc3\xa9\"");
	tb_reset(&tb);
	tb_add_json_string(&tb, "x\xff" "y\xc3", 0);   /* invalid bytes -> U+FFFD each */
	CHECK_STR_EQ(tb.data, "\"x\xef\xbf\xbdy\xef\xbf\xbd\"");
	tb_reset(&tb);
	tb_add_json_string(&tb, "abcdef", 3);
	CHECK_STR_EQ(tb.data, "\"abc\"");
	tb_reset(&tb);
	tb_add_json_string(&tb, "ab\xc3\xa9", 3);   /* the cut falls inside U+00E9: drop it whole */
	CHECK_STR_EQ(tb.data, "\"ab\"");
	tb_reset(&tb);
	tb_add_csv_text(&tb, "x\xff\xc3\xa9\x1b");   /* invalid byte -> U+FFFD, é kept, ESC -> space */
	CHECK_STR_EQ(tb.data, "x\xef\xbf\xbd\xc3\xa9 ");
	tb_reset(&tb);
	tb_add_utf8(&tb, "k\xfe=", 2);
	CHECK_STR_EQ(tb.data, "k\xef\xbf\xbd");
	tb_reset(&tb);
	tb_add_u64(&tb, 18446744073709551615ULL);
	tb_addc(&tb, ' ');
	tb_add_i64(&tb, -42);
	tb_addc(&tb, ' ');
	tb_add_fixed_or_na(&tb, 61.234, 2, 1);
	tb_addc(&tb, ' ');
	tb_add_fixed_or_na(&tb, 1.0, 2, 0);
	CHECK_STR_EQ(tb.data, "18446744073709551615 -42 61.23 NA");
	/* growth past the first allocation keeps everything */
	tb_reset(&tb);
	for (int i = 0; i < 1000; i++)
		tb_adds(&tb, "0123456789");
	CHECK_INT_EQ(tb.len, 10000);
	CHECK(tb.data[9999] == '9' && !tb.oom);
	tb_release(&tb);
}

static void test_utf8(void)
{
	/* "a" then U+00E9 (2 bytes) then U+20AC (3 bytes) then U+1F600 (4 bytes): 10 bytes */
	const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
	CHECK_INT_EQ(utf8_cut(s, 100), 10);
	CHECK_INT_EQ(utf8_cut(s, 2), 1);       /* not inside U+00E9 */
	CHECK_INT_EQ(utf8_cut(s, 3), 3);
	CHECK_INT_EQ(utf8_cut(s, 5), 3);       /* not inside U+20AC */
	CHECK_INT_EQ(utf8_cut(s, 9), 6);       /* not inside U+1F600 */
	CHECK_INT_EQ(utf8_cut("\xff\xfe\xfd", 2), 2);   /* invalid bytes: one character each */
	char small[5];
	utf8_copy(small, sizeof small, s);     /* 4 bytes of room: "a" + U+00E9 */
	CHECK_STR_EQ(small, "a\xc3\xa9");
	char cut[] = "ok\xe2\x82";            /* U+20AC cut after 2 of its 3 bytes */
	utf8_trim_cut(cut);
	CHECK_STR_EQ(cut, "ok");
	char whole[] = "ok\xe2\x82\xac";
	utf8_trim_cut(whole);
	CHECK_STR_EQ(whole, "ok\xe2\x82\xac");
	CHECK_INT_EQ(utf8_seq_len((const unsigned char *)"\xc0\xaf", 2), 0);    /* overlong '/' */
	CHECK_INT_EQ(utf8_seq_len((const unsigned char *)"\xed\xa0\x80", 3), 0); /* surrogate */

	char out[128] = "";
	FILE *f = fmemopen(out, sizeof out, "w");
	CHECK(f != NULL);
	if (f) {
		/* ESC, BEL, DEL, an invalid byte and C1 CSI (U+009B) made visible; é kept */
		utf8_fput_visible("a\x1b[31m\x07\x7f\xff\xc2\x9b\xc3\xa9", f);
		fclose(f);
	}
	CHECK_STR_EQ(out, "a\\x1b[31m\\x07\\x7f\\xff\\xc2\\x9b\xc3\xa9");
}

static void test_pid_stat(void)
{
	/* comm holds ") (" and spaces: fields must be counted from the last ')' */
	const char *line = "4242 (we ird) (x) R 17 4242 4242 0 -1 4194560 100 0 0 0 "
	                   "250 31 7 3 20 0 1 0 98765 10485760 2560 18446744073709551615 "
	                   "1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
	struct pid_stat ps;
	CHECK_INT_EQ(parse_pid_stat(line, strlen(line), &ps), 0);
	CHECK_INT_EQ(ps.pid, 4242);
	CHECK(ps.state == 'R');
	CHECK_INT_EQ(ps.ppid, 17);
	CHECK_INT_EQ(ps.utime, 250);
	CHECK_INT_EQ(ps.stime, 31);
	CHECK_INT_EQ(ps.cutime, 7);
	CHECK_INT_EQ(ps.cstime, 3);
	CHECK_INT_EQ(ps.starttime, 98765);
	CHECK_INT_EQ(ps.rss_pages, 2560);
	CHECK_INT_EQ(parse_pid_stat("12 (cut", 7, &ps), -1);
	CHECK_INT_EQ(parse_pid_stat("12 (a) R 1 2 3\n", 15, &ps), -1);
}

static void test_system_files(void)
{
	const char *st = "cpu  100 5 50 1000 20 3 2 1 0 0\ncpu0 1 2 3 4\nintr 1 2\n";
	struct cpu_times ct;
	CHECK_INT_EQ(parse_proc_stat_cpu(st, strlen(st), &ct), 0);
	/* total = 100+5+50+1000+20+3+2+1 = 1181 (guest 0 0 not added twice) */
	CHECK_INT_EQ(ct.total, 1181);
	/* busy = 1181 - idle 1000 - iowait 20 = 161 */
	CHECK_INT_EQ(ct.busy, 161);
	CHECK_INT_EQ(parse_proc_stat_cpu("intr 1\n", 7, &ct), -1);

	const char *mi = "MemTotal:       24682416 kB\nMemFree:  100 kB\nMemAvailable:   24316252 kB\n";
	struct meminfo m;
	CHECK_INT_EQ(parse_meminfo(mi, strlen(mi), &m), 0);
	CHECK_INT_EQ(m.total_kib, 24682416);
	CHECK_INT_EQ(m.available_kib, 24316252);
	CHECK_INT_EQ(parse_meminfo("MemFree: 1 kB\n", 14, &m), -1);
	CHECK_INT_EQ(m.available_kib, -1);

	const char *cg = "usage_usec 123456789\nuser_usec 100\nsystem_usec 23\n";
	unsigned long long usec = 0;
	CHECK_INT_EQ(parse_cgroup_usage_usec(cg, strlen(cg), &usec), 0);
	CHECK_INT_EQ(usec, 123456789);
	CHECK_INT_EQ(parse_cgroup_usage_usec("user_usec 1\n", 12, &usec), -1);
	/* cgroup.stat's nr_descendants; a key must match up to its space */
	const char *cgs = "nr_descendants_x 9\nnr_descendants 2\nnr_dying_descendants 0\n";
	CHECK_INT_EQ(parse_keyed_u64(cgs, strlen(cgs), "nr_descendants ", &usec), 0);
	CHECK_INT_EQ(usec, 2);
	CHECK_INT_EQ(parse_keyed_u64(cgs, strlen(cgs), "nr_frozen ", &usec), -1);
	/* one-number files (memory.current, energy_uj): the number and a newline, nothing else;
	 * 18446744073709551615 = 2^64 - 1 fits, one more does not (never wrapped to 0) */
	CHECK_INT_EQ(parse_u64_text("1048576\n", 8, &usec), 0);
	CHECK_INT_EQ(usec, 1048576);
	CHECK_INT_EQ(parse_u64_text("18446744073709551615", 20, &usec), 0);
	CHECK(usec == 18446744073709551615ULL);
	CHECK_INT_EQ(parse_u64_text("18446744073709551616", 20, &usec), -1);
	CHECK_INT_EQ(parse_u64_text("-5\n", 3, &usec), -1);
	CHECK_INT_EQ(parse_u64_text("12x\n", 4, &usec), -1);
	CHECK_INT_EQ(parse_u64_text("12 34\n", 6, &usec), -1);
	CHECK_INT_EQ(parse_u64_text("max\n", 4, &usec), -1);
	CHECK_INT_EQ(parse_u64_text("", 0, &usec), -1);

	/* 2 sockets x 2 cores x 2 threads = 8 processors, 4 physical cores */
	char ci[4096] = "";
	for (int p = 0; p < 8; p++) {
		char one[256];
		snprintf(one, sizeof one,
		         "processor\t: %d\nmodel name\t: Test CPU @ 2.00GHz  \nphysical id\t: %d\ncore id\t\t: %d\n\n",
		         p, p / 4, (p / 2) % 2);
		strcat(ci, one);
	}
	struct cpuinfo_summary cs;
	parse_cpuinfo(ci, strlen(ci), &cs);
	CHECK_STR_EQ(cs.model, "Test CPU @ 2.00GHz");
	CHECK_INT_EQ(cs.processors, 8);
	CHECK_INT_EQ(cs.sockets, 2);
	CHECK_INT_EQ(cs.physical_cores, 4);
	parse_cpuinfo("processor : 0\n", 14, &cs);   /* no topology lines (some VMs, ARM) */
	CHECK_INT_EQ(cs.sockets, 1);
	CHECK_INT_EQ(cs.physical_cores, 0);
}

static struct proc_entry entry(int pid, int ppid, unsigned long long cpu, unsigned long long child,
                               unsigned long long start, unsigned long long rss)
{
	struct proc_entry e = { pid, ppid, cpu, child, start, rss, -1 };
	return e;
}

static void test_job_tree(void)
{
	/* etrec is 100; 101 the command; 102 its child; 103 an orphan re-parented to
	 * etrec; 104 nvidia-smi (excluded); 105 a child of 104; 50 the login shell. */
	struct proc_entry v[] = {
		entry(50, 1, 1000, 0, 10, 4000), entry(100, 50, 5, 0, 500, 1500),
		entry(101, 100, 30, 20, 501, 2000), entry(102, 101, 10, 0, 502, 3000),
		entry(103, 100, 40, 0, 503, 100), entry(104, 100, 7, 0, 504, 9000),
		entry(105, 104, 1, 0, 505, 9000),
	};
	struct proc_table t = { v, 7, 7 };
	int exclude[] = { 104 };
	proc_mark_job(&t, 100, exclude, 1);
	int want[] = { 0, 0, 1, 1, 1, 0, 0 };
	for (int i = 0; i < 7; i++)
		CHECK_INT_EQ(v[i].in_job, want[i]);
	struct job_totals jt;
	proc_job_totals(&t, &jt);
	/* ticks = (30+20) + 10 + 40 = 100; rss = 2000+3000+100 = 5100 KiB */
	CHECK_INT_EQ(jt.ticks, 100);
	CHECK_INT_EQ(jt.rss_kib, 5100);
	CHECK_INT_EQ(jt.nproc, 3);
	CHECK_INT_EQ(proc_table_find(&t, 103), 4);
	CHECK_INT_EQ(proc_table_find(&t, 99), -1);
}

/* cgroup.procs: who is etrec's (itself and its descendants), who is not. */
static void test_job_cgroup_procs(void)
{
	struct proc_entry v[] = {
		entry(50, 1, 0, 0, 10, 0), entry(100, 50, 0, 0, 500, 0), entry(101, 100, 0, 0, 501, 0),
		entry(102, 101, 0, 0, 502, 0), entry(104, 100, 0, 0, 504, 0),
	};
	struct proc_table t = { v, 5, 5 };
	struct job_cgroup c;
	int first = 0;
	memset(&c, 0, sizeof c);
	c.procs_fd = c.stat_fd = c.mem_fd = c.peak_fd = -1;
	CHECK_INT_EQ(job_cgroup_parse_procs(&c, "100\n101\n102\n104", 15), 0);
	CHECK_INT_EQ(c.npids, 4);
	CHECK_INT_EQ(c.pids[3], 104);
	/* etrec (100), the job (101, 102) and a helper (104): all etrec's */
	CHECK_INT_EQ(job_cgroup_foreign(&c, &t, 100, &first), 0);
	/* the login shell (50) and pid 1 (alive, not in the scan: another user's) are not */
	CHECK_INT_EQ(job_cgroup_parse_procs(&c, "1\n100\n50\n", 10), 0);
	CHECK_INT_EQ(c.npids, 3);
	CHECK_INT_EQ(job_cgroup_foreign(&c, &t, 100, &first), 2);
	CHECK_INT_EQ(first, 1);
	job_cgroup_close(&c);
}

/* RAPL counters: 0 at the first reading, raw differences after, one wrap adds the
 * range + 1. */
static void test_rapl_unwrap(void)
{
	struct rapl_zone z;
	memset(&z, 0, sizeof z);
	z.max_range_uj = 999999;            /* the counter goes 0..999999, then 0 again */
	rapl_zone_update(&z, 900000);
	CHECK_INT_EQ(z.total_uj, 0);
	rapl_zone_update(&z, 950000);       /* + 50000 */
	CHECK_INT_EQ(z.total_uj, 50000);
	rapl_zone_update(&z, 100000);       /* wrap: 999999 - 950000 + 100000 + 1 = 150000 */
	CHECK_INT_EQ(z.total_uj, 200000);
	rapl_zone_update(&z, 100000);       /* unchanged */
	CHECK_INT_EQ(z.total_uj, 200000);
	rapl_zone_update(&z, 400000);       /* + 300000 */
	CHECK_INT_EQ(z.total_uj, 500000);
}

/* pmon -s um lines: columns by the header's names, "-" for no process or an idle field. */
static void test_pmon_lines(void)
{
	struct pmon_columns c;
	int index, pid;
	double sm, mem;
	unsigned bad;
	smi_pmon_default_columns(&c);
	CHECK_INT_EQ(smi_parse_pmon_line("    0       12345     C      45     12      -      -   1234   python",
	                                 &c, &index, &pid, &sm, &mem, &bad), 0);
	CHECK_INT_EQ(index, 0);
	CHECK_INT_EQ(pid, 12345);
	CHECK_NEAR(sm, 45, 0);
	CHECK_NEAR(mem, 12, 0);
	CHECK_INT_EQ(bad, 0);
	CHECK_INT_EQ(smi_parse_pmon_line("    1           -     -       -      -      -      -      -   -",
	                                 &c, &index, &pid, &sm, &mem, &bad), 0);
	CHECK_INT_EQ(index, 1);
	CHECK_INT_EQ(pid, -1);                 /* no process */
	CHECK_NEAR(sm, 0, 0);                  /* "-" is 0 */
	CHECK_INT_EQ(bad, 0);
	CHECK_INT_EQ(smi_parse_pmon_line("    0  77  C  101  x", &c, &index, &pid, &sm, &mem, &bad), 0);
	CHECK_INT_EQ(bad, PMON_BAD_SM | PMON_BAD_MEM);   /* 101 % and "x" are not percentages */
	CHECK_INT_EQ(smi_parse_pmon_line("    0  77  C", &c, &index, &pid, &sm, &mem, &bad), -1);
	/* pids go up to 4194304 (pid_max on most 64-bit machines), beyond 1000000 */
	CHECK_INT_EQ(smi_parse_pmon_line("    0  4194304  C  5  6", &c, &index, &pid, &sm, &mem, &bad), 0);
	CHECK_INT_EQ(pid, 4194304);
	CHECK_INT_EQ(smi_parse_pmon_line("    0  4194305  C  5  6", &c, &index, &pid, &sm, &mem, &bad), -1);
	CHECK_INT_EQ(smi_parse_pmon_line("    0  0  C  5  6", &c, &index, &pid, &sm, &mem, &bad), -1);
	CHECK_INT_EQ(smi_parse_pmon_line("garbage 77 C 1 2", &c, &index, &pid, &sm, &mem, &bad), -1);
	/* the units line is not a header; a header in another order moves the columns */
	CHECK_INT_EQ(smi_parse_pmon_header("# Idx           #    C/G      %      %", &c), -1);
	CHECK_INT_EQ(smi_parse_pmon_header("# gpu   pid  type   mem   sm  command", &c), 0);
	CHECK_INT_EQ(c.mem, 3);
	CHECK_INT_EQ(c.sm, 4);
	CHECK_INT_EQ(smi_parse_pmon_line("  2  900  C  7  60  python", &c, &index, &pid, &sm, &mem, &bad), 0);
	CHECK_INT_EQ(index, 2);
	CHECK_NEAR(sm, 60, 0);
	CHECK_NEAR(mem, 7, 0);
}

static void test_user_cpu(void)
{
	struct user_cpu u;
	user_cpu_init(&u, 500);              /* the command started at tick 500 */
	struct proc_entry a[] = { entry(50, 1, 1000, 0, 10, 0), entry(101, 100, 30, 0, 501, 0) };
	struct proc_table t = { a, 2, 2 };
	CHECK_INT_EQ(user_cpu_update(&u, &t), 0);
	/* 50 predates the launch: counts from here; 101 started after: all 30 count */
	CHECK_INT_EQ(u.total, 30);
	struct proc_entry b[] = { entry(50, 1, 1100, 0, 10, 0), entry(101, 100, 25, 0, 501, 0),
	                          entry(200, 101, 8, 0, 600, 0) };
	t.v = b;
	t.n = 3;
	user_cpu_update(&u, &t);
	/* +100 (50), 101 went down 30->25: +0 (never negative), +8 new (200) = 138 */
	CHECK_INT_EQ(u.total, 138);
	struct proc_entry c[] = { entry(50, 1, 1100, 0, 10, 0), entry(101, 1, 4, 0, 700, 0) };
	t.v = c;
	t.n = 2;
	user_cpu_update(&u, &t);
	/* pid 101 recycled (new starttime 700): a new process, its 4 count; 200 gone: 142 */
	CHECK_INT_EQ(u.total, 142);
	user_cpu_release(&u);
}

static void test_smi_lines(void)
{
	char l1[] = "0, 61.23, 400.00, 35, 4000";
	struct gpu_reading r;
	int idx = -1;
	CHECK_INT_EQ(smi_parse_query_line(l1, &idx, &r), 0);
	CHECK_INT_EQ(idx, 0);
	CHECK_INT_EQ(r.valid, GPU_F_POWER | GPU_F_LIMIT | GPU_F_UTIL | GPU_F_MEM);
	CHECK_NEAR(r.power_w, 61.23, 1e-9);
	CHECK_NEAR(r.mem_mib, 4000, 1e-9);
	char l2[] = "1, [Not Supported], [N/A], N/A, 639";
	CHECK_INT_EQ(smi_parse_query_line(l2, &idx, &r), 0);
	CHECK_INT_EQ(idx, 1);
	CHECK_INT_EQ(r.valid, GPU_F_MEM);          /* missing markers are not zeros */
	char l3[] = "0, 61.23, four hundred, 35, 4000";
	CHECK_INT_EQ(smi_parse_query_line(l3, &idx, &r), -1);
	char l4[] = "@@ this is not csv @@";
	CHECK_INT_EQ(smi_parse_query_line(l4, &idx, &r), -1);
	char l5[] = "0, 61.23, 400.00, 35";
	CHECK_INT_EQ(smi_parse_query_line(l5, &idx, &r), -1);
	/* numbers out of range are not valid, and say which field they were in */
	char l6[] = "0, inf, 1e308, 35, 4000";
	CHECK_INT_EQ(smi_parse_query_line(l6, &idx, &r), 0);
	CHECK_INT_EQ(r.valid, GPU_F_UTIL | GPU_F_MEM);
	CHECK_INT_EQ(r.rejected, GPU_F_POWER | GPU_F_LIMIT);
	char l7[] = "1, -5.00, [N/A], nan, 1e400";
	CHECK_INT_EQ(smi_parse_query_line(l7, &idx, &r), 0);
	CHECK_INT_EQ(r.valid, 0);
	CHECK_INT_EQ(r.rejected, GPU_F_POWER | GPU_F_UTIL | GPU_F_MEM);   /* [N/A] is missing, not bad */
	char l8[] = "0, 5000.01, 400, 100.5, 4194304";   /* just above the bounds, memory at its bound */
	CHECK_INT_EQ(smi_parse_query_line(l8, &idx, &r), 0);
	CHECK_INT_EQ(r.valid, GPU_F_LIMIT | GPU_F_MEM);
	CHECK_INT_EQ(r.rejected, GPU_F_POWER | GPU_F_UTIL);
	double v;
	CHECK_INT_EQ(smi_value("infinity", &v), 2);
	CHECK_INT_EQ(smi_value("-nan", &v), 2);
	CHECK_INT_EQ(smi_value("1e400", &v), 2);
	CHECK_INT_EQ(smi_value("12.5W", &v), -1);

	struct gpu_info gi;
	char p1[] = "1, GPU-2af1c335-11fb-c9d3-4de3-27a25697fc35, NVIDIA H200, [N/A]";
	CHECK_INT_EQ(smi_parse_probe_line(p1, &gi), 0);
	CHECK_INT_EQ(gi.index, 1);
	CHECK_STR_EQ(gi.uuid, "GPU-2af1c335-11fb-c9d3-4de3-27a25697fc35");
	CHECK_STR_EQ(gi.name, "NVIDIA H200");
	CHECK_INT_EQ(gi.has_limit, 0);
	char p2[] = "0, GPU-22b2c6ac, Tesla V100, PCIe, 250.00";   /* a comma in the name */
	CHECK_INT_EQ(smi_parse_probe_line(p2, &gi), 0);
	CHECK_STR_EQ(gi.name, "Tesla V100, PCIe");
	CHECK_NEAR(gi.power_limit_w, 250.0, 1e-9);
	char p4[] = "2, GPU-0d, Big GPU, 1e308";
	CHECK_INT_EQ(smi_parse_probe_line(p4, &gi), 0);
	CHECK_INT_EQ(gi.has_limit, 0);
	CHECK_INT_EQ(gi.limit_rejected, 1);
	char p5[] = "3, GPU-0e, Small GPU, [N/A]";
	CHECK_INT_EQ(smi_parse_probe_line(p5, &gi), 0);
	CHECK_INT_EQ(gi.limit_rejected, 0);                /* [N/A] is missing, not rejected */
	char p3[] = "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.";
	CHECK(smi_is_error_line(p3));
	CHECK_INT_EQ(smi_parse_probe_line(p3, &gi), -1);
	CHECK(!smi_is_error_line("0, 61.23, 400.00, 35, 4000"));
}

static void test_options(void)
{
	struct etrec_options o;
	char msg[256];
	char *a1[] = { "etrec", "-o", "x.log", "--tag", "epochs=90", "-i", "0.5", "cmd", "-o", "y", NULL };
	CHECK_INT_EQ(options_parse(10, a1, &o, msg, sizeof msg), 0);
	CHECK_STR_EQ(o.output, "x.log");
	CHECK_INT_EQ(o.interval_ms, 500);
	CHECK_INT_EQ(o.ntags, 1);
	CHECK_STR_EQ(o.command[0], "cmd");
	CHECK_STR_EQ(o.command[1], "-o");    /* parsing stopped at the command */
	CHECK_STR_EQ(o.command[2], "y");
	CHECK(o.command[3] == NULL);
	options_release(&o);

	char *a2[] = { "etrec", "--idle=2.5", "--gpu=none", "--", "-weird", NULL };
	CHECK_INT_EQ(options_parse(5, a2, &o, msg, sizeof msg), 0);
	CHECK_INT_EQ(o.idle_ms, 2500);
	CHECK_INT_EQ(o.gpu_auto, 0);
	CHECK_STR_EQ(o.command[0], "-weird");
	options_release(&o);

	char *a3[] = { "etrec", "-i", "0.05", "true", NULL };
	CHECK_INT_EQ(options_parse(4, a3, &o, msg, sizeof msg), -1);
	CHECK(strstr(msg, "bad interval") != NULL);
	options_release(&o);
	char *a4[] = { "etrec", "--tag", "a=1", "--tag", "a=2", "true", NULL };
	CHECK_INT_EQ(options_parse(6, a4, &o, msg, sizeof msg), -1);
	options_release(&o);
	char *a5[] = { "etrec", "-q", NULL };
	CHECK_INT_EQ(options_parse(2, a5, &o, msg, sizeof msg), -1);
	CHECK_STR_EQ(msg, "no command given");
	options_release(&o);
	char *a6[] = { "etrec", "--gpu", "maybe", "true", NULL };
	CHECK_INT_EQ(options_parse(4, a6, &o, msg, sizeof msg), -1);
	options_release(&o);

	/* log modes: default 0600, --mode, ETREC_MODE only without --mode */
	char *m1[] = { "etrec", "true", NULL };
	CHECK_INT_EQ(options_parse(2, m1, &o, msg, sizeof msg), 0);
	CHECK_INT_EQ(o.log_mode, 0600);
	CHECK_INT_EQ(options_mode_from_env(&o, "0640", msg, sizeof msg), 0);
	CHECK_INT_EQ(o.log_mode, 0640);
	CHECK_INT_EQ(options_mode_from_env(&o, "0666", msg, sizeof msg), -1);
	CHECK(strstr(msg, "bad ETREC_MODE '0666'") != NULL);
	options_release(&o);
	char *m2[] = { "etrec", "--mode=660", "true", NULL };
	CHECK_INT_EQ(options_parse(3, m2, &o, msg, sizeof msg), 0);
	CHECK_INT_EQ(o.log_mode, 0660);
	CHECK_INT_EQ(options_mode_from_env(&o, "0640", msg, sizeof msg), 0);
	CHECK_INT_EQ(o.log_mode, 0660);                   /* --mode wins */
	options_release(&o);
	mode_t m;
	const char *bad_modes[] = { "0666", "0602", "0700", "0644x", "064", "00640", "1640", "0400", "abc", "" };
	for (size_t i = 0; i < sizeof bad_modes / sizeof bad_modes[0]; i++)
		CHECK_INT_EQ(options_parse_mode(bad_modes[i], &m), -1);
	CHECK_INT_EQ(options_parse_mode("0644", &m), 0);  /* world-readable is allowed when asked */
	CHECK_INT_EQ(m, 0644);

	/* tag keys equal once cut to 255 bytes or once invalid bytes are U+FFFD */
	char k1[300], k2[300];
	memset(k1, 'a', 256);
	memcpy(k1 + 256, "=1", 3);
	memcpy(k2, k1, sizeof k1);
	k2[255] = 'b';
	CHECK_INT_EQ(options_tag_key_len(k1), 255);
	char *t1[] = { "etrec", "--tag", k1, "--tag", k2, "true", NULL };
	CHECK_INT_EQ(options_parse(6, t1, &o, msg, sizeof msg), -1);
	CHECK(strstr(msg, "same key once cut to 255 bytes") != NULL);
	options_release(&o);
	char *t2[] = { "etrec", "--tag", "k\xff=1", "--tag", "k\xef\xbf\xbd=2", "true", NULL };
	CHECK_INT_EQ(options_parse(6, t2, &o, msg, sizeof msg), -1);
	options_release(&o);
	char *t3[] = { "etrec", "--tag", "k\xc3\xa9=1", "--tag", "k\xc3=2", "true", NULL };
	CHECK_INT_EQ(options_parse(6, t3, &o, msg, sizeof msg), 0);   /* é and a lone byte differ */
	CHECK_INT_EQ(o.ntags, 2);
	options_release(&o);
	/* a key of 254 ASCII bytes then é: cut before é (254 bytes), not inside it */
	char k3[300];
	memset(k3, 'a', 254);
	memcpy(k3 + 254, "\xc3\xa9=v", 5);
	CHECK_INT_EQ(options_tag_key_len(k3), 254);
}

/* The scanner on the real /proc: a child of ours is found with the stat a fresh read
 * gives, its descriptor is kept while it lives and closed once it is gone; other users'
 * pids are remembered, their owner checked again only in turn. */
static void test_scanner(void)
{
	struct proc_scanner sc;
	struct proc_table t = PROC_TABLE_INIT;
	unsigned unreadable;
	pid_t child = fork();

	if (child == 0) {
		pause();
		_exit(0);
	}
	CHECK(child > 0);
	CHECK_INT_EQ(proc_scanner_open(&sc, getuid(), sysconf(_SC_PAGESIZE)), 0);
	CHECK_INT_EQ(proc_scan(&sc, &t, &unreadable), 0);
	CHECK_INT_EQ(proc_scan(&sc, &t, &unreadable), 0);   /* the second through kept fds */
	long i = proc_table_find(&t, child), self = proc_table_find(&t, getpid());
	CHECK(i >= 0 && self >= 0);
	if (i >= 0) {
		char path[48], buf[1024];
		struct pid_stat ps;
		snprintf(path, sizeof path, "/proc/%d/stat", (int)child);
		long n = read_small_file(AT_FDCWD, path, buf, sizeof buf);
		CHECK(n > 0 && parse_pid_stat(buf, (size_t)n, &ps) == 0);
		CHECK_INT_EQ(t.v[i].ppid, getpid());
		CHECK_INT_EQ(t.v[i].starttime, ps.starttime);
	}
	/* every process of ours kept open, as far as the open-file limit allows */
	CHECK(sc.open_fds == (long)t.n || sc.open_fds == sc.max_open_fds);
	size_t before = t.n;
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	CHECK_INT_EQ(proc_scan(&sc, &t, &unreadable), 0);
	CHECK_INT_EQ(proc_table_find(&t, child), -1);
	CHECK(t.n < before + 8);
	/* the dead child's descriptor was closed: every fd kept is a live process's (when they
	 * all fit; else the kept ones fill the budget) */
	if ((long)t.n <= sc.max_open_fds)
		CHECK_INT_EQ(sc.open_fds, (long)t.n);
	else
		CHECK(sc.open_fds <= sc.max_open_fds);
	proc_scanner_close(&sc);

	/* a uid that owns nothing: every pid is someone else's, remembered after one check */
	CHECK_INT_EQ(proc_scanner_open(&sc, (uid_t)4000000000u, sysconf(_SC_PAGESIZE)), 0);
	CHECK_INT_EQ(proc_scan(&sc, &t, &unreadable), 0);
	CHECK_INT_EQ(t.n, 0);
	CHECK_INT_EQ(sc.open_fds, 0);
	unsigned long first = sc.owner_checks;
	CHECK(first >= 1 && first >= sc.n_memo);
	for (int k = 0; k < 16; k++)
		CHECK_INT_EQ(proc_scan(&sc, &t, &unreadable), 0);
	/* 16 more scans: each pid checked again about once (1 in 16 per scan), plus new pids,
	 * far from the 16 x first a scanner without memory makes */
	CHECK(sc.owner_checks - first < 4 * first);
	proc_scanner_close(&sc);
	proc_table_release(&t);
}

/* With RLIMIT_NOFILE too low to keep every stat file open (hard limit included), the scan
 * still reads every process (opening and closing the rest). In a child: limits stay. */
static void test_scanner_few_fds(void)
{
	pid_t child = fork();

	if (child == 0) {
		struct proc_scanner sc;
		struct proc_table t = PROC_TABLE_INIT, all = PROC_TABLE_INIT;
		unsigned unreadable;
		int ok = proc_scanner_open(&sc, getuid(), 4096) == 0 &&
			 proc_scan(&sc, &all, &unreadable) == 0;
		proc_scanner_close(&sc);
		struct rlimit rl = {64 + 8, 64 + 8};   /* 64 kept in reserve: 8 stat files at most */
		ok = ok && setrlimit(RLIMIT_NOFILE, &rl) == 0 &&
		     proc_scanner_open(&sc, getuid(), 4096) == 0 &&
		     proc_scan(&sc, &t, &unreadable) == 0 && proc_scan(&sc, &t, &unreadable) == 0;
		/* a few processes may come and go meanwhile */
		ok = ok && sc.open_fds <= 8 && t.n + 8 >= all.n && all.n + 8 >= t.n && t.n > 8;
		_exit(ok ? 0 : 1);
	}
	int status = -1;
	waitpid(child, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int main(void)
{
	test_scanner();
	test_scanner_few_fds();
	test_textbuf();
	test_utf8();
	test_pid_stat();
	test_system_files();
	test_job_tree();
	test_user_cpu();
	test_job_cgroup_procs();
	test_rapl_unwrap();
	test_pmon_lines();
	test_smi_lines();
	test_options();
	return TEST_SUMMARY();
}

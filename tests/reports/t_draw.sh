#!/bin/sh
# t_draw.sh - the sample report of test_draw read back with poppler: page count, text
# (selectable, '.' decimals in a decimal-comma locale), embedded fonts, no blank page.
. "$ET_SHELL_LIB"
. "$(dirname "$0")/pdf_lib.sh"

LOCALE=C
if locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'; then LOCALE=fr_FR.UTF-8; fi

test_expect_success 'test_draw draws the sample report and its unit checks pass' '
	LC_ALL=$LOCALE "$TEST_DRAW" "$TRASH" >out.txt &&
	grep -q " 0 failed" out.txt &&
	test -s sample.pdf && test -s gpu.png && test -s week.png && test -s deviation.png
'

test_expect_success 'pdfinfo: 3 A4 pages' '
	pdfinfo sample.pdf >info.txt &&
	grep -Eq "^Pages: +3$" info.txt &&
	grep -Eq "^Page size: +595.2[0-9]* x 841.8[0-9]* pts \(A4\)" info.txt
'

test_expect_success 'pdftotext finds the labels, the numbers with their units and the footer' '
	pdftotext -layout sample.pdf text.txt &&
	for w in codecarbon codecarbon3 carbontracker eco2ai greenalgorithms gpu-only \
		"45679 Wh" "66048 Wh" "69573 Wh" "66.048 kWh" "0.002 kWh" "n/a" \
		"52.3 gCO2e/kWh" "gCO2e/kWh)" "GPU power (W)" "CPU (cores)" "memory (GB)" \
		"energy (Wh)" "energy with PUE (kWh)" "GPU 0 idle 61 W" "job had a process on the GPU" \
		"Europe/Paris (CEST = UTC+02:00, then CET = UTC+01:00)" "24 Oct 2026" \
		"energytrack 0.1.0" "2026-11-30 10:00 CET" "page 1" "page 2" "page 3" \
		"yearly fallback" "55.9" "12:00" "11:59:50"; do
		grep -qF -- "$w" text.txt || { echo "missing: $w"; exit 1; }
	done
'

test_expect_success "numbers keep '.' as the decimal point in a decimal-comma locale" '
	pdftotext sample.pdf plain.txt &&
	! grep -Eq "[0-9],[0-9]" plain.txt
'

test_expect_success 'pdffonts: DejaVu Sans (regular and bold) embedded, nothing else used' '
	dejavu_only sample.pdf
'

# more than 3 % of the 967,590 pixels of each page are not white
test_expect_success 'pdftoppm -r 100: no page is blank' '
	not_blank sample.pdf 29000 && test -e page-3.png
'

test_expect_success 'the PNG charts decode at their stated size and are not blank' '
	set -- $("$TEST_DRAW" ink gpu.png) && test "$2" -eq 1200 && test "$3" -eq 600 && test "$1" -gt 20000 &&
	set -- $("$TEST_DRAW" ink week.png) && test "$2" -eq 1200 && test "$3" -eq 600 && test "$1" -gt 20000 &&
	set -- $("$TEST_DRAW" ink deviation.png) && test "$2" -eq 1200 && test "$3" -eq 600 && test "$1" -gt 10000 &&
	set -- $("$TEST_DRAW" ink degenerate.png) && test "$2" -eq 1200 && test "$3" -eq 600 && test "$1" -gt 5000
'

test_expect_success 'a blank image counts no ink (the pixel count can fail)' '
	"$TEST_DRAW" blank blank.png &&
	set -- $("$TEST_DRAW" ink blank.png) && test "$1" -eq 0 && test "$2" -eq 200
'

test_done

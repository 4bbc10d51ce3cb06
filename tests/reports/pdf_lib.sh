# pdf_lib.sh - checks of a PDF read back with poppler, shared by t_draw.sh and t_pdf.sh
# (sourced after tests/shell/lib.sh; $TEST_DRAW is test_draw, whose "ink" counts the
# non-white pixels of a PNG and prints "pixels width height").

# not_blank PDF MIN_INK: every page, rendered at 100 dpi, is A4 (827 x 1170 pixels) with
# more than MIN_INK pixels of ink.
not_blank() {
	_min=$2
	rm -f page-*.png
	pdftoppm -r 100 -png "$1" page || return 1
	for _p in page-*.png; do
		set -- $("$TEST_DRAW" ink "$_p")
		test "$2" -eq 827 && test "$3" -eq 1170 || { echo "$_p: $2 x $3"; return 1; }
		test "$1" -gt "$_min" || { echo "$_p: only $1 pixels of ink"; return 1; }
	done
}

# dejavu_only PDF: DejaVu Sans regular and bold are its only fonts, each embedded as a
# subset with its Unicode map (the text selectable).
dejavu_only() {
	pdffonts "$1" >fonts.txt || return 1
	grep -Eq "DejaVuSans +TrueType.* yes +yes +yes" fonts.txt &&
	grep -Eq "DejaVuSans-Bold +TrueType.* yes +yes +yes" fonts.txt &&
	test "$(tail -n +3 fonts.txt | wc -l)" -eq 2 || { cat fonts.txt; return 1; }
}

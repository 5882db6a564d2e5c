# Loaded by every plot script (ksmbench-report sets the loadpath): the
# terminal for `term` ("png", the default, or "svg") at width x height, and
# the output file `outfile`.
if (!exists("term")) { term = "png" }
if (term eq "svg") {
	set terminal svg size width, height font "sans,10" noenhanced
} else {
	if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
		set terminal pngcairo size width, height font "sans,10" noenhanced
	} else {
		set terminal png size width, height noenhanced
	}
}
set output outfile

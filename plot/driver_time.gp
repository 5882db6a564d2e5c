# Driver time per (scenario, driver): one cluster per row of driver_time.dat,
# one bar per kernel (median of the driver total wall_time, min-max error
# bars), log y axis in ms.
#
#   gnuplot -e "set loadpath 'plot'; datafile='DIR/driver_time.dat'; \
#               outfile='DIR/driver_time.png'; term='png'" plot/driver_time.gp
#
# ksmbench-report --out DIR runs it (plot/plots.c), for PNG and SVG.
#
# driver_time.dat (written by ksmbench-report --out) has a header row naming
# the kernels, then per row: label, and per kernel median, min, max, n.
# Any number of kernels; the first is the baseline.

if (!exists("datafile") || !exists("outfile")) {
	print "usage: gnuplot -e \"datafile='X'; outfile='Y'\" driver_time.gp"
	exit status 2
}

# The label, then four columns per kernel: STATS_columns counts the first row.
stats datafile using 0 nooutput
nk = int((STATS_columns - 1) / 4)
if (nk < 1 || STATS_columns != 1 + 4 * nk) {
	print sprintf("%s: %d columns, expected 1 + 4 per kernel", datafile, STATS_columns)
	exit status 2
}
# "A vs B vs C" for the title, from the header row.
kernels = ""
do for [k = 0:nk - 1] {
	stats datafile every ::0::0 using (kname = strcol(2 + 4 * k), 0) nooutput
	kernels = kernels . ((k > 0) ? " vs " : "") . kname
}

# From here on the header row is no data row, so $0 numbers clusters from 0.
set datafile columnheaders
undefine STATS_*
stats datafile using (1) nooutput
nrows = exists("STATS_records") ? int(STATS_records) : 0
if (nrows == 0) {
	width = 600; height = 200
	load "terminal.gp"
	unset border; unset tics; unset key
	set label 1 sprintf("%s: no (scenario, driver) rows", datafile) at graph 0.5, 0.5 center
	plot [0:1][0:1] NaN notitle
	exit
}

# Repetition counts and the y range over all kernels.  NaN (not timed) and
# n = 0 are mapped to values that cannot win, so stats never sees NaN.
big = 1e300
# Tested as text: column() of a NaN would drop the point from stats.
ok(c) = strcol(c) ne "NaN"
nmin = big; nmax = 0; ylo = big; yhi = 0
do for [k = 0:nk - 1] {
	stats datafile using (column(5 + 4 * k) > 0 ? column(5 + 4 * k) : big) nooutput
	nmin = (STATS_min < nmin) ? STATS_min : nmin
	stats datafile using (column(5 + 4 * k)) nooutput
	nmax = (STATS_max > nmax) ? STATS_max : nmax
	stats datafile using (ok(3 + 4 * k) && column(3 + 4 * k) > 0 ? column(3 + 4 * k) : big) nooutput
	ylo = (STATS_min < ylo) ? STATS_min : ylo
	stats datafile using (ok(4 + 4 * k) ? column(4 + 4 * k) : 0) nooutput
	yhi = (STATS_max > yhi) ? STATS_max : yhi
}
if (yhi <= 0 || ylo >= big) { ylo = 0.1; yhi = 1 }
# Whole decades, with room above the tallest bar for its value label.
ylo = 10 ** floor(log10(ylo) - 0.3)
yhi = 10 ** ceil(log10(yhi) + ((nk > 2) ? 0.5 : 0.3))
runs = (nmin == nmax) ? sprintf("%d", nmax) : sprintf("%d to %d", nmin, nmax)
subtitle = (nmax == 0) ? "nothing timed: no kernel has status ok" : \
	   sprintf("median of %s runs, bars min–max", runs)

# A cluster is nk bar slots and a gap of two.  Beyond two kernels the
# neighbours' value labels would touch in 35 px slots.
slot = (nk > 2) ? 45 : 35
width = slot * (nk + 2) * nrows
width = (width > 900) ? width : 900
height = 600
load "terminal.gp"

set title sprintf("KSM reverse-mapping cost (rmap_walk_ksm): %s\n%s", kernels, subtitle)
set ylabel "driver time per repetition [ms], log scale"
set xlabel "scenario/driver"
set logscale y
set yrange [ylo:yhi]
set xrange [-0.6:nrows - 0.4]
set format y "%g"
set grid ytics mytics lt 1 lw 1 lc rgb "#e0e0e0", lt 1 lw 1 lc rgb "#f0f0f0"
# Beyond two kernels the key would cover the first clusters' labels.
if (nk > 2) { set key outside top center horizontal } else { set key top left }
# Slanted labels run right, past the last cluster: leave them room.
if (nrows > 4) { set xtics rotate by -20; set rmargin 12 }

gap = 2	# must match "gap 2" below
set style data histogram
set style histogram errorbars gap 2 lw 1.5
set style fill solid 0.7 border -1
set bars 2
# Centre of kernel k's bar in cluster x, as the histogram style places it.
barx(x, k) = x + (k - (nk - 1) / 2.0) / (nk + gap)
untimed(c) = ok(c) ? "" : "not timed"
# Beyond two kernels, every other bar's value label one line higher, so
# that neighbours of equal height do not run into each other.
stagger(k) = (nk > 2) ? k % 2 : 0
# Three significant digits without switching to 1.02e+03 above 999.
vlabel(v) = (v >= 1000) ? sprintf("%.0f", v) : sprintf("%.3g", v)

plot for [k = 0:nk - 1] datafile \
	using (column(2 + 4 * k)):(column(3 + 4 * k)):(column(4 + 4 * k)):xtic(1) \
	title columnheader(2 + 4 * k) lc k + 1, \
     for [k = 0:nk - 1] datafile \
	using (barx($0, k)):(column(4 + 4 * k) * 1.15):(vlabel(column(2 + 4 * k))) \
	with labels center offset 0, 0.5 + stagger(k) notitle, \
     for [k = 0:nk - 1] datafile \
	using (barx($0, k)):(ylo * 1.15):(untimed(2 + 4 * k)) \
	with labels rotate left notitle

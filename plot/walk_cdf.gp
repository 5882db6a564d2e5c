# Distribution of anon_vma lock hold per rmap_walk_ksm() call: one step
# curve per block of walk_cdf.dat (scenario/driver and kernel), log x.
#
#   gnuplot -e "set loadpath 'plot'; datafile='DIR/walk_cdf.dat'; \
#               outfile='DIR/walk_cdf.png'; term='png'" plot/walk_cdf.gp

if (!exists("datafile") || !exists("outfile")) {
	print "usage: gnuplot -e \"datafile='X'; outfile='Y'\" walk_cdf.gp"
	exit status 2
}
width = 900; height = 560
load "terminal.gp"

# Blocks are separated by two blank lines; stats fails on a file with none.
nblocks = 0
if (system(sprintf("grep -c '^[0-9]' '%s' || true", datafile)) + 0 > 0) {
	stats datafile using 1 nooutput
	nblocks = STATS_blocks
}
if (nblocks == 0) {
	unset border; unset tics; unset key
	set label 1 "no per-walk data: no kernel has the ksm_rmap_walk tracepoint" at graph 0.5, 0.5 center
	plot [0:1][0:1] NaN notitle
	exit
}

set title "anon_vma lock hold per rmap_walk_ksm() call (CDF over walks)"
set xlabel "lock hold per walk [us], log scale"
set ylabel "fraction of walks at or below"
set logscale x
set format x "%g"
set yrange [0:1.02]
set grid xtics ytics lc rgb "#e0e0e0"
set key bottom right
plot for [i = 0:nblocks - 1] datafile index i using 1:2 \
	with steps lw 2 title columnheader(1)

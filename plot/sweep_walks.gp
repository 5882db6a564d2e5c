# One sweep, per walk: iterations and time of one rmap_walk_ksm() call
# against the swept key, log-log, one curve per kernel (mean over walks,
# median as open points) and its fitted power law dashed.
#
#   gnuplot -e "datafile='D.dat'; fitfile='D.fit'; outfile='D.png'" plot/sweep_walks.gp
#
# D.dat and D.fit (sweepwalk_NAME_DRIVER) are written by ksmbench-sweep
# --out: per kernel and panel one data block (value mean median walks), and
# per kernel k the block's index i_idx<k> / t_idx<k>, its source, and the
# slope b, log intercept lna and 95% interval of the mean's fit.  i_list and
# t_list name the kernels with iterations, with a time per walk.  Time is
# the tracepoint's lock hold (walks.csv) or, without it, the kprobes'
# duration (kprobe_walks.csv): each curve's title says which.

if (!exists("datafile") || !exists("fitfile") || !exists("outfile")) {
	print "usage: gnuplot -e \"datafile='X'; fitfile='F'; outfile='Y'\" sweep_walks.gp"
	exit status 2
}
load fitfile

panels = (strlen(i_list) > 0) + (strlen(t_list) > 0)
cairo = strstrt(GPVAL_TERMINALS, "pngcairo") > 0
if (cairo) { set terminal pngcairo size 700 * panels, 700 noenhanced } \
else { set terminal png size 700 * panels, 700 noenhanced }
set output outfile
set logscale xy
set grid
set key below left Left reverse
set xlabel key

v(p, n, k) = value(sprintf("%s_%s%d", p, n, k))
name(k) = value(sprintf("kname%d", k))
fitted(p, k, x) = exp(v(p, "lna", k)) * x ** v(p, "b", k)
label(p, k) = v(p, "ok", k) ? \
	sprintf("%s (%s): slope %.2f [%.2f, %.2f]", name(k), v(p, "src", k), \
		v(p, "b", k), v(p, "lo", k), v(p, "hi", k)) : \
	sprintf("%s (%s): no fit", name(k), v(p, "src", k))

if (panels > 1) { set multiplot layout 1, 2 }

if (strlen(i_list) > 0) {
	set ylabel "interval-tree iterations per walk (mean; o median)"
	set title "Iterations of one walk against ".key.", log-log; dashed: fit"
	plot for [s in i_list] datafile index v("i", "idx", int(s)) using 1:2 \
			with linespoints lw 2 lc int(s) + 1 pt 7 title label("i", int(s)), \
	     for [s in i_list] datafile index v("i", "idx", int(s)) using 1:3 \
			with points lc int(s) + 1 pt 6 notitle, \
	     for [s in i_list] (v("i", "ok", int(s)) ? fitted("i", int(s), x) : 1/0) \
			with lines dt 2 lc int(s) + 1 notitle
}
if (strlen(t_list) > 0) {
	set ylabel "time per walk [ns] (mean; o median)"
	set title "Lock hold or duration of one walk against ".key.", log-log; dashed: fit"
	plot for [s in t_list] datafile index v("t", "idx", int(s)) using 1:2 \
			with linespoints lw 2 lc int(s) + 1 pt 7 title label("t", int(s)), \
	     for [s in t_list] datafile index v("t", "idx", int(s)) using 1:3 \
			with points lc int(s) + 1 pt 6 notitle, \
	     for [s in t_list] (v("t", "ok", int(s)) ? fitted("t", int(s), x) : 1/0) \
			with lines dt 2 lc int(s) + 1 notitle
}
if (panels > 1) { unset multiplot }

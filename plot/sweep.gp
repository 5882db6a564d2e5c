# One sweep: driver time against the swept key, log-log, one curve per kernel
# (median of the repetitions, min-max bars) and its fitted power law dashed.
#
#   gnuplot -e "datafile='D.dat'; fitfile='D.fit'; outfile='D.png'" plot/sweep.gp
#
# D.dat and D.fit are written by ksmbench-sweep --out: one data block per
# kernel (value median min max iterations lock_ns), and per kernel its name,
# slope b, log intercept lna and the slope's 95% interval.

if (!exists("datafile") || !exists("fitfile") || !exists("outfile")) {
	print "usage: gnuplot -e \"datafile='X'; fitfile='F'; outfile='Y'\" sweep.gp"
	exit status 2
}
load fitfile

cairo = strstrt(GPVAL_TERMINALS, "pngcairo") > 0
if (cairo) { set terminal pngcairo size 900, 600 noenhanced } \
else { set terminal png size 900, 600 noenhanced }
set output outfile
set logscale xy
set grid
set key top left
set xlabel key
set ylabel "driver time per repetition [ms] (median, min-max)"
set title "Driver time against ".key.", log-log; dashed: least-squares fit"

name(k) = value(sprintf("kname%d", k))
fitted(k, x) = exp(value(sprintf("lna%d", k))) * x ** value(sprintf("b%d", k))
label(k) = value(sprintf("ok%d", k)) ? \
	sprintf("%s: slope %.2f [%.2f, %.2f]", name(k), value(sprintf("b%d", k)), \
		value(sprintf("lo%d", k)), value(sprintf("hi%d", k))) : \
	sprintf("%s: no fit", name(k))

plot for [k = 0:nk - 1] datafile index k using 1:2:3:4 \
		with yerrorlines lw 2 lc k + 1 pt 7 title label(k), \
     for [k = 0:nk - 1] (value(sprintf("ok%d", k)) ? fitted(k, x) : 1/0) \
		with lines dt 2 lc k + 1 notitle

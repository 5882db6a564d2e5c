// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "walk_pairing.h"

struct frame {
	const struct wp_event *entry;
	uint64_t nested[WP_COUNTERS];	/* inclusive counts of children */
};

struct thread_state {
	struct frame stack[WP_DEPTH_MAX];
	unsigned int depth;
	unsigned int overflow;		/* entries above the stack */
};

static int by_thread_then_time(const void *a, const void *b)
{
	const struct wp_event *x = a, *y = b;

	if (x->tid != y->tid)
		return x->tid < y->tid ? -1 : 1;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return 0;
}

static void on_entry(struct thread_state *t, const struct wp_event *e,
		     struct wp_result *r)
{
	struct frame *f;

	if (t->depth == WP_DEPTH_MAX) {
		t->overflow++;
		r->too_deep++;
		return;
	}
	f = &t->stack[t->depth++];
	f->entry = e;
	memset(f->nested, 0, sizeof(f->nested));
	if (t->depth > r->max_depth)
		r->max_depth = t->depth;
}

static void on_return(struct thread_state *t, const struct wp_event *e,
		      struct wp_result *r)
{
	struct wp_call *c;
	struct frame *f;
	uint64_t incl;
	int k;

	if (t->overflow) {
		/* The return of a call too deep to pair. */
		t->overflow--;
		return;
	}
	if (!t->depth) {
		r->unmatched_returns++;
		return;
	}
	f = &t->stack[--t->depth];
	c = &r->calls[r->nr_calls++];
	c->tid = e->tid;
	c->cpu_entry = f->entry->cpu;
	c->cpu_return = e->cpu;
	c->depth = t->depth;
	c->start = f->entry->time;
	c->ns = e->time - f->entry->time;
	for (k = 0; k < WP_COUNTERS; k++) {
		incl = e->count[k] - f->entry->count[k];
		c->count[k] = incl - f->nested[k];
		if (t->depth)
			t->stack[t->depth - 1].nested[k] += incl;
	}
}

/* Lost events: what is open cannot be closed with certainty. */
static void on_lost(struct thread_state *t, struct wp_result *r)
{
	r->broken += t->depth + t->overflow;
	t->depth = 0;
	t->overflow = 0;
}

static void end_thread(struct thread_state *t, struct wp_result *r)
{
	r->unreturned += t->depth + t->overflow;
	memset(t, 0, sizeof(*t));
}

int wp_pair(struct wp_event *ev, size_t n, struct wp_result *r)
{
	struct thread_state t;
	size_t i;

	memset(r, 0, sizeof(*r));
	memset(&t, 0, sizeof(t));
	/* At most one call per return event. */
	r->calls = calloc(n ? n : 1, sizeof(*r->calls));
	if (!r->calls)
		return -1;
	qsort(ev, n, sizeof(*ev), by_thread_then_time);
	for (i = 0; i < n; i++) {
		if (i && ev[i].tid != ev[i - 1].tid)
			end_thread(&t, r);
		if (ev[i].kind == WP_ENTRY)
			on_entry(&t, &ev[i], r);
		else if (ev[i].kind == WP_RETURN)
			on_return(&t, &ev[i], r);
		else
			on_lost(&t, r);
	}
	end_thread(&t, r);
	return 0;
}

void wp_result_free(struct wp_result *r)
{
	free(r->calls);
	memset(r, 0, sizeof(*r));
}

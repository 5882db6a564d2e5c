// SPDX-License-Identifier: GPL-2.0
#include <signal.h>
#include <stddef.h>

#include "undo.h"

struct undo_entry {
	const char *what;
	void (*fn)(void *arg);
	void *arg;
	volatile sig_atomic_t live;
};

static struct undo_entry entries[UNDO_MAX];
static volatile sig_atomic_t nr_entries;

int undo_push(const char *what, const char *journal, void (*fn)(void *arg),
	      void *arg)
{
	int i = nr_entries;

	(void)journal;
	if (i >= UNDO_MAX)
		return -1;
	entries[i].what = what;
	entries[i].fn = fn;
	entries[i].arg = arg;
	entries[i].live = 1;
	nr_entries = i + 1;
	return i;
}

void undo_pop(int handle, bool run_it)
{
	struct undo_entry *e;

	if (handle < 0 || handle >= nr_entries)
		return;
	e = &entries[handle];
	if (!e->live)
		return;
	e->live = 0;
	if (run_it)
		e->fn(e->arg);
	while (nr_entries > 0 && !entries[nr_entries - 1].live)
		nr_entries--;
}

void undo_run_all(void)
{
	int i;

	for (i = nr_entries - 1; i >= 0; i--)
		undo_pop(i, true);
}

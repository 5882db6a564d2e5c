// SPDX-License-Identifier: GPL-2.0
#include "page_content.h"

/* splitmix64: cheap, and a different stream for every seed. */
static uint64_t mix(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t seed_of(uint64_t nonce, unsigned long content)
{
	return nonce ^ ((uint64_t)content * 0xd1b54a32d192ed03ULL);
}

void page_content_fill(void *page, size_t size, uint64_t nonce,
		       unsigned long content)
{
	uint64_t *w = page, state = seed_of(nonce, content);
	size_t i;

	for (i = 0; i < size / sizeof(*w); i++)
		w[i] = mix(&state);
}

bool page_content_check(const void *page, size_t size, uint64_t nonce,
			unsigned long content)
{
	const uint64_t *w = page;
	uint64_t state = seed_of(nonce, content);
	size_t i;

	for (i = 0; i < size / sizeof(*w); i++)
		if (w[i] != mix(&state))
			return false;
	return true;
}

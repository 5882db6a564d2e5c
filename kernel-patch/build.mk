# Same-tree A/B kernels from kernel-patch/ (see kernel-patch/README.md);
# included by the top-level Makefile.
#   make kernels BASE=7.3 VARIANTS="full bounded naive"
# installs $(KSMBENCH_CACHE)/kernels/BASE-VARIANT/vmlinuz, which
# `make compare KERNELS="7.3-full 7.3-bounded"` boots.

BASE     ?= 7.3
VARIANTS ?= full bounded naive
# What `make bzImage` of this config needs: bc (timeconst), flex and bison
# (kconfig), libelf-dev (objtool), xz-utils (the source tarball), patch,
# mawk (the one awk the kernel's generated headers are made with).
# Not needed: libssl-dev (no module signing or trusted keys in
# config/ksmbench.config), dwarves (no BTF), cpio (no IKHEADERS).
DEB_KERNEL := gcc make libc6-dev bc flex bison libelf-dev ccache xz-utils patch mawk

.PHONY: kernels deps-kernel
deps-kernel:
	@bash harness/install-deps.sh $(DEB_KERNEL)
kernels: deps-kernel
	bash kernel-patch/build-kernels.sh $(BASE) $(VARIANTS)

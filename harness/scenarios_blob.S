/* The preset scenarios, as a NUL-terminated string in .rodata. */
	.section .rodata
	.global ksmbench_builtin_scenarios
	.type ksmbench_builtin_scenarios, @object
ksmbench_builtin_scenarios:
	.incbin "workloads/scenarios.conf"
	.byte 0
	.size ksmbench_builtin_scenarios, . - ksmbench_builtin_scenarios
	.section .note.GNU-stack, "", @progbits

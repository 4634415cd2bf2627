// SPDX-License-Identifier: GPL-2.0
/*
 * kagent_sample: the KernelAgent sample driver.
 *
 * Small on purpose: the build farm compiles it for exact kernels and the end-to-end tests load it
 * into a booted kernel. Loading and unloading each leave one line in the kernel log, so a test can
 * prove that this very module (and its parameter) reached the kernel.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#define KAGENT_SAMPLE_VERSION "1.0.0"

static char *greeting = "hello";
module_param(greeting, charp, 0444);
MODULE_PARM_DESC(greeting, "Text written to the kernel log when the module loads");

static int __init kagent_sample_init(void)
{
	pr_info("kagent_sample: loaded, version=%s greeting=%s\n",
		KAGENT_SAMPLE_VERSION, greeting);
	return 0;
}

static void __exit kagent_sample_exit(void)
{
	pr_info("kagent_sample: unloaded, greeting=%s\n", greeting);
}

module_init(kagent_sample_init);
module_exit(kagent_sample_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("KernelAgent developers");
MODULE_DESCRIPTION("KernelAgent sample driver: logs a greeting on load and unload");
MODULE_VERSION(KAGENT_SAMPLE_VERSION);

// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the exit statistics behind --stats. */
#include <stdio.h>
#include <string.h>

#include "kselftest_harness.h"
#include "stats.h"

static const char *name(unsigned int reason)
{
	static const char *const names[] = { "UNKNOWN", "MMIO", "HYPERCALL" };

	return reason < ARRAY_SIZE(names) ? names[reason] : NULL;
}

TEST(record_counts_sums_and_max)
{
	struct exit_stats s = { 0 };

	stats_record(&s, 1, 1000);
	stats_record(&s, 1, 3000);
	stats_record(&s, 2, 500);
	EXPECT_EQ(2, s.reason[1].count);
	EXPECT_EQ(4000, s.reason[1].total_ns);
	EXPECT_EQ(3000, s.reason[1].max_ns);
	EXPECT_EQ(1, s.reason[2].count);
	/* A reason beyond the table counts as UNKNOWN, never out of bounds. */
	stats_record(&s, STATS_MAX_REASONS + 5, 7);
	EXPECT_EQ(1, s.reason[0].count);
}

TEST(merge_per_vcpu_tables)
{
	struct exit_stats a = { 0 }, b = { 0 };

	stats_record(&a, 1, 100);
	stats_record(&b, 1, 900);
	stats_record(&b, 2, 50);
	stats_merge(&a, &b);
	EXPECT_EQ(2, a.reason[1].count);
	EXPECT_EQ(1000, a.reason[1].total_ns);
	EXPECT_EQ(900, a.reason[1].max_ns);
	EXPECT_EQ(1, a.reason[2].count);
}

TEST(table_rows_share_mean_max)
{
	struct exit_stats s = { 0 };
	char buf[2048] = "";
	FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");
	unsigned int i;

	ASSERT_NE(NULL, f);
	for (i = 0; i < 3; i++)
		stats_record(&s, 1, 2000 * (i + 1));	/* 2, 4, 6 us */
	stats_record(&s, 2, 1500);
	stats_print(f, &s, name);
	fclose(f);
	EXPECT_NE(NULL, strstr(buf, "exit reason")) TH_LOG("%s", buf);
	EXPECT_NE(NULL, strstr(buf,
			       "MMIO                      3   75.0%      4.000      6.000\n"))
		TH_LOG("%s", buf);
	EXPECT_NE(NULL, strstr(buf,
			       "HYPERCALL                 1   25.0%      1.500      1.500\n"))
		TH_LOG("%s", buf);
	EXPECT_NE(NULL, strstr(buf, "total                     4\n")) TH_LOG("%s", buf);
	/* Reasons that never happened get no row. */
	EXPECT_EQ(NULL, strstr(buf, "UNKNOWN")) TH_LOG("%s", buf);
}

TEST_HARNESS_MAIN

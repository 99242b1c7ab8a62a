/* The io server's figure: requests per second against the compute share, per mode. */
#ifndef PARBENCH_SERVER_FIG_H
#define PARBENCH_SERVER_FIG_H

#include <stddef.h>

#include "output/csv_read.h"

/* The compute share of an io-server row, in percent: compute / (wait + compute). */
double server_share_pct(const result_record *r);

/* DIR/io-server.share when the rows hold io-server rows: one block per mode, named on
 * its "# series" line, each line "share_pct requests_per_s p50_ms p99_ms flagged"
 * (flagged 1: the row is unverified or untrusted), by share. PB_OK or PB_RUNTIME_ERROR. */
int server_fig_write(const record_list *rows, const char *dir, char *err, size_t errlen);

#endif

#pragma once

#include <gio/gio.h>

#include "vj-db.h"

G_BEGIN_DECLS

/* Statistik: sessions counted per month, form, service, municipality and Kompetenceparat
 * track (through the programmes discussed). */

typedef enum
{
  VJ_STATS_MONTH,
  VJ_STATS_FORM,
  VJ_STATS_SERVICE,
  VJ_STATS_MUNICIPALITY,
  VJ_STATS_TRACK,
  VJ_STATS_N_DIMENSIONS,
} VjStatsDimension;

typedef struct
{
  char   *key;      /* as stored: "2026-11", "group", "259", a track's id; NULL: not given */
  char   *label;    /* for people, in Danish when run in Danish */
  gint64  count;
} VjStatsRow;

typedef struct
{
  GPtrArray *rows[VJ_STATS_N_DIMENSIONS];   /* VjStatsRow */
  gint64     total;                         /* sessions in the period */
  char      *from;                          /* YYYY-MM-DD or NULL */
  char      *to;                            /* YYYY-MM-DD (exclusive) or NULL */
} VjStats;

void        vj_stats_free             (VjStats             *stats);
const char *vj_stats_dimension_title  (VjStatsDimension     dimension);
char       *vj_stats_to_csv           (const VjStats       *stats);

VjStats    *vj_db_compute_stats       (VjDb                *self,
                                       const char          *from,
                                       const char          *to,
                                       GCancellable        *cancellable,
                                       GError             **error);
void        vj_db_compute_stats_async (VjDb                *self,
                                       const char          *from,
                                       const char          *to,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
VjStats    *vj_db_compute_stats_finish (VjDb               *self,
                                        GAsyncResult       *result,
                                        GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VjStats, vj_stats_free)

G_END_DECLS

#include "config.h"

#include <errno.h>
/* Raw file on purpose (check-store.py): an SQLite VFS whose disk fills up, below the engine */
#include <sqlite3.h>

#include "vj-test-full-vfs.h"

static sqlite3_vfs *real_vfs;
static sqlite3_vfs full_vfs;
static gint64 space = -1;
G_LOCK_DEFINE_STATIC (space);

typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;
} FullFile;

#define REAL(f) (((FullFile *) (f))->real)

static int full_close (sqlite3_file *f)
{
  int rc = REAL (f)->pMethods != NULL ? REAL (f)->pMethods->xClose (REAL (f)) : SQLITE_OK;

  g_free (REAL (f));
  return rc;
}
static int full_read (sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{ return REAL (f)->pMethods->xRead (REAL (f), b, n, o); }
static int full_write (sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{
  gboolean full = FALSE;

  G_LOCK (space);
  if (space >= 0)
    {
      full = n > space;
      space = full ? 0 : space - n;
    }
  G_UNLOCK (space);
  return full ? SQLITE_FULL : REAL (f)->pMethods->xWrite (REAL (f), b, n, o);
}
static int full_truncate (sqlite3_file *f, sqlite3_int64 size)
{ return REAL (f)->pMethods->xTruncate (REAL (f), size); }
static int full_sync (sqlite3_file *f, int flags)
{ return REAL (f)->pMethods->xSync (REAL (f), flags); }
static int full_file_size (sqlite3_file *f, sqlite3_int64 *size)
{ return REAL (f)->pMethods->xFileSize (REAL (f), size); }
static int full_lock (sqlite3_file *f, int l)
{ return REAL (f)->pMethods->xLock (REAL (f), l); }
static int full_unlock (sqlite3_file *f, int l)
{ return REAL (f)->pMethods->xUnlock (REAL (f), l); }
static int full_check_reserved (sqlite3_file *f, int *out)
{ return REAL (f)->pMethods->xCheckReservedLock (REAL (f), out); }
static int full_file_control (sqlite3_file *f, int op, void *arg)
{ return REAL (f)->pMethods->xFileControl (REAL (f), op, arg); }
static int full_sector_size (sqlite3_file *f)
{ return REAL (f)->pMethods->xSectorSize (REAL (f)); }
static int full_device_characteristics (sqlite3_file *f)
{ return REAL (f)->pMethods->xDeviceCharacteristics (REAL (f)); }
/* Growing the WAL's shared memory needs space too: the default VFS says SQLITE_IOERR_SHMSIZE,
 * errno ENOSPC, as here */
static int full_shm_map (sqlite3_file *f, int i, int size, int extend, void volatile **p)
{
  gboolean full;

  G_LOCK (space);
  full = space == 0;
  G_UNLOCK (space);
  if (full && extend)
    {
      errno = ENOSPC;
      return SQLITE_IOERR_SHMSIZE;
    }
  return REAL (f)->pMethods->xShmMap (REAL (f), i, size, extend, p);
}
static int full_shm_lock (sqlite3_file *f, int offset, int n, int flags)
{ return REAL (f)->pMethods->xShmLock (REAL (f), offset, n, flags); }
static void full_shm_barrier (sqlite3_file *f)
{ REAL (f)->pMethods->xShmBarrier (REAL (f)); }
static int full_shm_unmap (sqlite3_file *f, int delete_flag)
{ return REAL (f)->pMethods->xShmUnmap (REAL (f), delete_flag); }

static const sqlite3_io_methods full_io = {
  2, full_close, full_read, full_write, full_truncate, full_sync, full_file_size, full_lock,
  full_unlock, full_check_reserved, full_file_control, full_sector_size,
  full_device_characteristics, full_shm_map, full_shm_lock, full_shm_barrier, full_shm_unmap,
  NULL, NULL,
};

static int
full_open (sqlite3_vfs  *vfs,
           const char   *name,
           sqlite3_file *file,
           int           flags,
           int          *out_flags)
{
  FullFile *self = (FullFile *) file;
  int rc;

  self->base.pMethods = NULL;
  self->real = g_malloc0 (real_vfs->szOsFile);
  rc = real_vfs->xOpen (real_vfs, name, self->real, flags, out_flags);
  if (rc != SQLITE_OK)
    {
      if (self->real->pMethods != NULL)
        self->real->pMethods->xClose (self->real);
      g_clear_pointer (&self->real, g_free);
      return rc;
    }
  self->base.pMethods = &full_io;
  return SQLITE_OK;
}

void
vj_test_full_vfs_install (void)
{
  if (real_vfs != NULL)
    return;
  real_vfs = sqlite3_vfs_find (NULL);
  full_vfs = *real_vfs;
  full_vfs.zName = "vejviser-test-full-space";
  full_vfs.szOsFile = sizeof (FullFile);
  full_vfs.xOpen = full_open;
  full_vfs.pNext = NULL;
  g_assert_cmpint (sqlite3_vfs_register (&full_vfs, 1), ==, SQLITE_OK);
}

void
vj_test_full_vfs_set_space (gint64 bytes)
{
  G_LOCK (space);
  space = bytes;
  G_UNLOCK (space);
}

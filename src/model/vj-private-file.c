#define G_LOG_DOMAIN "vj-private-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vj-private-file.h"

/* How a file is written (DESIGN.md, Privacy): a temporary file in the same folder, created mode
 * 0600 so no one else ever reads a byte of it; the contents written and fsync'ed; then renamed
 * over the destination, and the folder fsync'ed. A failure at any step (a full disk, a write
 * error) removes the temporary file and leaves an existing file at the destination as it was.
 * A destination that is a symbolic link, or anything but a regular file, is refused: nothing is
 * written through a link, and its target is never touched. */

static gboolean
set_errno_error (GError     **error,
                 int          saved,
                 const char  *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
               _("Could not write “%1$s”: %2$s"), path, g_strerror (saved));
  return FALSE;
}

/* Refuses a destination that is a link or not a regular file */
static gboolean
check_destination (const char  *path,
                   GError     **error)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    {
      if (errno == ENOENT)
        return TRUE;
      return set_errno_error (error, errno, path);
    }
  if (S_ISLNK (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
                   _("“%s” is a symbolic link. Vejviser does not write personal data through a "
                     "link: name the file itself, or a new one."), path);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a regular file: name a new file, or one to replace."), path);
      return FALSE;
    }
  return TRUE;
}

/**
 * vj_private_file_begin:
 * @path: the file to write in the end
 * @fd: (out): the temporary file, open for writing
 *
 * Creates a temporary file (mode 0600) beside @path, for a writer that needs a file of its own
 * (cairo's PDF). Finish with vj_private_file_commit () or vj_private_file_abandon ().
 *
 * Returns: (transfer full) (nullable): the temporary file's path
 */
char *
vj_private_file_begin (const char  *path,
                       int         *fd,
                       GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  char *temp;

  g_return_val_if_fail (path != NULL && fd != NULL, NULL);

  if (!check_destination (path, error))
    return NULL;
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  name = g_strdup_printf (".%s.XXXXXX", base);
  temp = g_build_filename (dir, name, NULL);
  *fd = g_mkstemp_full (temp, O_WRONLY | O_CLOEXEC, 0600);
  if (*fd < 0)
    {
      set_errno_error (error, errno, path);
      g_free (temp);
      return NULL;
    }
  return temp;
}

/* Removes the temporary file, after a failure */
void
vj_private_file_abandon (const char *temp_path,
                         int         fd)
{
  if (fd >= 0)
    close (fd);
  if (temp_path != NULL)
    g_unlink (temp_path);
}

/**
 * vj_private_file_commit:
 * @fd: the temporary file, open (closed here)
 *
 * Makes the temporary file durable and puts it in place of @path; on failure the temporary file
 * is removed and @path is as it was.
 */
gboolean
vj_private_file_commit (const char  *temp_path,
                        int          fd,
                        const char  *path,
                        GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int saved = 0, dir_fd;

  if (fchmod (fd, 0600) != 0 || fsync (fd) != 0)
    saved = errno;
  if (close (fd) != 0 && saved == 0)
    saved = errno;
  if (saved != 0)
    {
      g_unlink (temp_path);
      return set_errno_error (error, saved, path);
    }
  /* Checked again: a link put there meanwhile is replaced by rename (), never followed */
  if (!check_destination (path, error))
    {
      g_unlink (temp_path);
      return FALSE;
    }
  if (g_rename (temp_path, path) != 0)
    {
      saved = errno;
      g_unlink (temp_path);
      return set_errno_error (error, saved, path);
    }
  dir_fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;
}

/**
 * vj_private_file_write:
 *
 * Writes @contents to @path, created or replaced whole, readable by its owner alone (0600)
 * from the first byte on. On failure an existing file at @path is left as it was; a symbolic
 * link at @path is refused.
 */
gboolean
vj_private_file_write (const char  *path,
                       const char  *contents,
                       gsize        length,
                       GError     **error)
{
  g_autofree char *temp = NULL;
  gsize written = 0;
  int fd = -1;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL || length == 0, FALSE);

  temp = vj_private_file_begin (path, &fd, error);
  if (temp == NULL)
    return FALSE;
  while (written < length)
    {
      ssize_t n = write (fd, contents + written, length - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = n < 0 ? errno : ENOSPC;

          vj_private_file_abandon (temp, fd);
          return set_errno_error (error, saved, path);
        }
      written += (gsize) n;
    }
  return vj_private_file_commit (temp, fd, path, error);
}

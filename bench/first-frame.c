/* first-frame.c: how long a program takes from launch to its first painted frame
 *
 * Runs COMMAND on an X server whose root window is black (Xvfb), grabs the
 * screen every millisecond or so, and stops the clock when any pixel is no
 * longer black: the window has been mapped *and* painted. Then it ends the
 * program. Prints the milliseconds on standard output.
 *
 *   first-frame TIMEOUT_S COMMAND [ARGS…]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>

static double
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
painted (Display *dpy,
         Window   root,
         int      width,
         int      height)
{
  XImage *image = XGetImage (dpy, root, 0, 0, width, height, AllPlanes, ZPixmap);
  int found = 0;

  if (image == NULL)
    return 0;

  /* Sample every 4th pixel in both directions: a window is far bigger */
  for (int y = 0; y < height && !found; y += 4)
    for (int x = 0; x < width; x += 4)
      if ((XGetPixel (image, x, y) & 0xffffff) != 0)
        {
          found = 1;
          break;
        }

  XDestroyImage (image);
  return found;
}

int
main (int   argc,
      char *argv[])
{
  Display *dpy;
  Window root;
  XWindowAttributes attrs;
  double start, timeout_ms;
  pid_t pid;
  int status;

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s TIMEOUT_S COMMAND [ARGS…]\n", argv[0]);
      return 2;
    }

  timeout_ms = atof (argv[1]) * 1000;
  dpy = XOpenDisplay (NULL);
  if (dpy == NULL)
    {
      fprintf (stderr, "first-frame: no X display\n");
      return 1;
    }
  root = DefaultRootWindow (dpy);
  XGetWindowAttributes (dpy, root, &attrs);

  if (painted (dpy, root, attrs.width, attrs.height))
    {
      fprintf (stderr, "first-frame: the screen is not black before the launch\n");
      return 1;
    }

  start = now_ms ();
  pid = fork ();
  if (pid < 0)
    return 1;
  if (pid == 0)
    {
      setpgid (0, 0);
      execvp (argv[2], argv + 2);
      _exit (127);
    }

  for (;;)
    {
      double elapsed = now_ms () - start;

      if (painted (dpy, root, attrs.width, attrs.height))
        {
          printf ("%.1f\n", elapsed);
          break;
        }
      if (elapsed > timeout_ms || waitpid (pid, &status, WNOHANG) == pid)
        {
          fprintf (stderr, "first-frame: no frame from %s\n", argv[2]);
          kill (-pid, SIGKILL);
          return 1;
        }
      usleep (500);
    }

  kill (-pid, SIGTERM);
  usleep (200000);
  kill (-pid, SIGKILL);
  waitpid (pid, &status, 0);
  XCloseDisplay (dpy);
  return 0;
}

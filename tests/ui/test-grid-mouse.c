/* test-grid-mouse.c: the Examples grid driven by real mouse clicks
 *
 * The clicks go through the X server (the XTEST extension Xvfb has, through
 * libXtst loaded at run time): GTK receives them as it would a person's,
 * gestures, selection and popovers included. Without X11 or XTEST the tests
 * are skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>
#include <gmodule.h>
#include <gtksourceview/gtksource.h>
#include <gdk/x11/gdkx.h>
#include <X11/Xlib.h>
#include <X11/keysym.h>

#include "hone-project-window.h"
#include "hone-examples-page.h"
#include "hone-ui-test-util.h"

static char *tmp_dir;
static guint project_counter;

/* XTEST, loaded at run time ------------------------------------------------ */

typedef int (*FakeButtonFunc) (Display *display, unsigned int button, Bool is_press, unsigned long delay);
typedef int (*FakeMotionFunc) (Display *display, int screen, int x, int y, unsigned long delay);
typedef int (*FakeKeyFunc)    (Display *display, unsigned int keycode, Bool is_press, unsigned long delay);

static FakeButtonFunc fake_button;
static FakeMotionFunc fake_motion;
static FakeKeyFunc    fake_key;

static gboolean
xtest_available (void)
{
  static GModule *module;
  GdkDisplay *display = gdk_display_get_default ();

  if (display == NULL || !GDK_IS_X11_DISPLAY (display))
    return FALSE;

  if (module == NULL)
    {
      module = g_module_open ("libXtst.so.6", G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
      if (module == NULL)
        return FALSE;
      if (!g_module_symbol (module, "XTestFakeButtonEvent", (gpointer *) &fake_button) ||
          !g_module_symbol (module, "XTestFakeMotionEvent", (gpointer *) &fake_motion) ||
          !g_module_symbol (module, "XTestFakeKeyEvent", (gpointer *) &fake_key))
        return FALSE;
    }

  return fake_button != NULL && fake_motion != NULL && fake_key != NULL;
}

/* Helpers ------------------------------------------------------------------ */

/* Runs the main loop until @cond holds, for at most about 5 s (it then
 * fails on the assertion that follows, not on the time) */
#define WAIT_UNTIL(cond) \
  G_STMT_START { \
    for (guint wait_i_ = 0; wait_i_ < 500 && !(cond); wait_i_++) \
      hone_ui_test_spin (10); \
  } G_STMT_END

/* Moves the pointer over (@x, @y) of @widget, as the X server sees it */
static void
pointer_to (GtkWidget *widget,
            double     x,
            double     y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);
  Display *display = gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
  graphene_point_t point;
  double tx = 0, ty = 0;
  int root_x = 0, root_y = 0;
  Window child;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &GRAPHENE_POINT_INIT (x, y), &point));
  gtk_native_get_surface_transform (native, &tx, &ty);
  XTranslateCoordinates (display, gdk_x11_surface_get_xid (surface), DefaultRootWindow (display),
                         (int) (point.x + tx), (int) (point.y + ty), &root_x, &root_y, &child);
  fake_motion (display, -1, root_x, root_y, 0);
  XFlush (display);
  hone_ui_test_spin (20);
}

/* Clicks @button @n times in the middle of @widget, with Ctrl held when
 * @ctrl (a double click is two clicks in a row) */
static void
click (GtkWidget *widget,
       guint      button,
       guint      n,
       gboolean   ctrl)
{
  Display *display = gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
  unsigned int control = XKeysymToKeycode (display, XK_Control_L);

  /* Where it is drawn now: after an edit the rows are laid out again
   * in the next frame */
  g_assert_true (gtk_widget_get_mapped (widget));
  hone_ui_test_wait_for_frame (GTK_WIDGET (gtk_widget_get_native (widget)));
  g_assert_true (gtk_widget_get_mapped (widget));
  pointer_to (widget, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0);

  if (ctrl)
    fake_key (display, control, True, 0);
  for (guint i = 0; i < n; i++)
    {
      fake_button (display, button, True, 0);
      fake_button (display, button, False, 0);
    }
  if (ctrl)
    fake_key (display, control, False, 0);
  XFlush (display);
  hone_ui_test_spin (50);
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The header of the column titled @title (GtkColumnViewTitle is private:
 * found by its type name and its label) */
static GtkWidget *
find_header (GtkWidget  *root,
             const char *title)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (root), "GtkColumnViewTitle"))
    {
      GtkWidget *label = find_widget (root, GTK_TYPE_LABEL);

      return label != NULL && g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), title) == 0 ? root : NULL;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_header (child, title);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The item of a popover menu whose text is @text, without its mnemonic
 * underscore (GtkModelButton is private: found by its "text" property) */
static GtkWidget *
find_menu_item (GtkWidget  *root,
                const char *text)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (root), "GtkModelButton"))
    {
      g_autofree char *item_text = NULL;

      g_object_get (root, "text", &item_text, NULL);
      if (g_strcmp0 (item_text, text) == 0)
        return root;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_menu_item (child, text);
      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A project with three fields and four examples */
static HoneProject *
create_project (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("mouse-%u.hone", ++project_counter);
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  HoneProject *project;

  project = hone_project_create (file, "Mouse", &error);
  g_assert_no_error (error);

  g_assert_nonnull (hone_project_add_field (project, "prompt", HONE_FIELD_KIND_SHORT_TEXT, NULL, NULL, &error));
  g_assert_nonnull (hone_project_add_field (project, "answer", HONE_FIELD_KIND_LONG_TEXT, NULL, NULL, &error));
  g_assert_nonnull (hone_project_add_field (project, "score", HONE_FIELD_KIND_NUMBER, NULL, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *prompt = g_strdup_printf ("p%u", i + 1);
      g_autofree char *answer = g_strdup_printf ("a%u", i + 1);
      /* Scores out of id order: 20, 40, 10, 30 */
      g_autofree char *score = g_strdup_printf ("%u", (guint[]) { 20, 40, 10, 30 }[i]);
      const char *values[] = { prompt, answer, score };

      g_assert_cmpint (hone_project_add_example (project, HONE_SPLIT_TRAIN, HONE_EXAMPLE_SOURCE_TYPED,
                                                 values, &error), >, 0);
      g_assert_no_error (error);
    }

  return project;
}

static HoneProjectWindow *
open_window (HoneProject *project)
{
  HoneProjectWindow *window = hone_project_window_new (NULL, project);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 650);
  gtk_window_present (GTK_WINDOW (window));
  hone_project_window_show_page (window, "examples");
  hone_ui_test_wait_for_frame (GTK_WIDGET (window));
  hone_ui_test_spin (100);

  return window;
}

static void
close_window (HoneProjectWindow *window)
{
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  hone_ui_test_spin (100);
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  hone_ui_test_spin (50);
  g_assert_finalize_object (window);
}

static GtkSelectionModel *
get_selection (HoneExamplesPage *page)
{
  GtkWidget *view = find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);

  g_assert_nonnull (view);
  return gtk_column_view_get_model (GTK_COLUMN_VIEW (view));
}

static GtkWidget *
cell (HoneExamplesPage *page,
      guint             row,
      guint             col)
{
  GtkWidget *widget;

  /* The cells as drawn now (the view recycles them when rows change) */
  hone_ui_test_wait_for_frame (GTK_WIDGET (gtk_widget_get_native (GTK_WIDGET (page))));
  widget = hone_examples_page_get_cell (page, row, col);
  g_assert_nonnull (widget);
  return widget;
}

static gint64
count (HoneProject *project,
       HoneSplit    split)
{
  return hone_project_count_examples (project, split, NULL);
}

#define SKIP_WITHOUT_XTEST() \
  G_STMT_START { \
    if (!xtest_available ()) \
      { \
        g_test_skip ("needs X11 with the XTEST extension (libXtst.so.6)"); \
        return; \
      } \
  } G_STMT_END

/* Tests -------------------------------------------------------------------- */

/* A double click on a cell edits it: in place for short text, in the side
 * editor for long text. A single click moves the cursor. */
static void
test_double_click (void)
{
  g_autoptr(HoneProject) project = create_project ();
  HoneProjectWindow *window;
  HoneExamplesPage *page;
  GtkWidget *editor;
  guint row, col;

  SKIP_WITHOUT_XTEST ();
  window = open_window (project);
  page = hone_project_window_get_examples_page (window);

  /* One click: the cursor and the selection follow */
  click (cell (page, 2, 2), GDK_BUTTON_PRIMARY, 1, FALSE);
  WAIT_UNTIL (gtk_selection_model_is_selected (get_selection (page), 2));
  hone_examples_page_get_cursor (page, &row, &col);
  g_assert_cmpuint (row, ==, 2);
  g_assert_cmpuint (col, ==, 2);
  g_assert_true (gtk_selection_model_is_selected (get_selection (page), 2));
  g_assert_null (hone_examples_page_get_editor (page));

  /* Double click on short text: edited in place */
  click (cell (page, 1, 0), GDK_BUTTON_PRIMARY, 2, FALSE);
  WAIT_UNTIL (hone_examples_page_get_editor (page) != NULL);
  editor = hone_examples_page_get_editor (page);
  g_assert_true (GTK_IS_EDITABLE (editor));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor)), ==, "p2");
  hone_examples_page_cancel_edit (page);

  /* Double click on long text: the side editor opens on that example */
  g_assert_null (hone_examples_page_get_details_editor (page, 1));
  click (cell (page, 3, 1), GDK_BUTTON_PRIMARY, 2, FALSE);
  WAIT_UNTIL (hone_examples_page_get_details_editor (page, 1) != NULL);
  editor = hone_examples_page_get_details_editor (page, 1);
  g_assert_true (GTK_IS_TEXT_VIEW (editor));
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor));
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (text, ==, "a4");
  }

  close_window (window);
}

/* A click on a column's header sorts by it (in SQL), a second click the
 * other way round */
static void
test_header_sorts (void)
{
  g_autoptr(HoneProject) project = create_project ();
  HoneProjectWindow *window;
  HoneExamplesPage *page;
  HoneExampleModel *model;
  GtkWidget *header;

  SKIP_WITHOUT_XTEST ();
  window = open_window (project);
  page = hone_project_window_get_examples_page (window);
  model = hone_examples_page_get_model (page);

  /* By id: scores 20, 40, 10, 30 */
  g_assert_cmpint (hone_example_model_get_id (model, 0), ==, 1);

  header = find_header (GTK_WIDGET (page), "score");
  g_assert_nonnull (header);
  click (header, GDK_BUTTON_PRIMARY, 1, FALSE);
  WAIT_UNTIL (!hone_examples_page_get_busy (page) && hone_example_model_get_id (model, 0) != 1);
  /* Ascending: 10 (id 3), 20 (id 1), 30 (id 4), 40 (id 2) */
  g_assert_cmpint (hone_example_model_get_id (model, 0), ==, 3);
  g_assert_cmpint (hone_example_model_get_id (model, 1), ==, 1);
  g_assert_cmpint (hone_example_model_get_id (model, 2), ==, 4);
  g_assert_cmpint (hone_example_model_get_id (model, 3), ==, 2);

  /* Well past the double-click time, or GTK would take the two clicks
   * for one double click */
  hone_ui_test_spin (1000);
  click (header, GDK_BUTTON_PRIMARY, 1, FALSE);

  WAIT_UNTIL (!hone_examples_page_get_busy (page) && hone_example_model_get_id (model, 0) != 3);
  g_assert_cmpint (hone_example_model_get_id (model, 0), ==, 2);
  g_assert_cmpint (hone_example_model_get_id (model, 3), ==, 3);

  /* Another column: by prompt */
  header = find_header (GTK_WIDGET (page), "prompt");
  g_assert_nonnull (header);
  click (header, GDK_BUTTON_PRIMARY, 1, FALSE);
  WAIT_UNTIL (!hone_examples_page_get_busy (page) && hone_example_model_get_id (model, 0) != 2);
  g_assert_cmpint (hone_example_model_get_id (model, 0), ==, 1);
  g_assert_cmpint (hone_example_model_get_id (model, 3), ==, 4);

  close_window (window);
}

/* Opens the context menu with a right click on @widget and clicks the item
 * @text in it */
static void
context_menu_item (HoneExamplesPage *page,
                   GtkWidget        *target,
                   const char       *text)
{
  GtkPopover *menu = hone_examples_page_get_context_menu (page);
  GtkWidget *item;

  g_assert_nonnull (menu);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (menu)));
  g_test_message ("context menu: %s", text);
  click (target, GDK_BUTTON_SECONDARY, 1, FALSE);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (menu)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (menu)));
  hone_ui_test_wait_for_frame (GTK_WIDGET (menu));

  item = find_menu_item (GTK_WIDGET (menu), text);
  g_assert_nonnull (item);
  click (item, GDK_BUTTON_PRIMARY, 1, FALSE);
  WAIT_UNTIL (!gtk_widget_get_mapped (GTK_WIDGET (menu)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (menu)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (menu)));
  /* The menu's pointer grab is let go of by then, in GTK's queue of X
   * requests: a round trip makes sure the server has it too, or the next
   * click would go to the grab */
  gdk_display_sync (gtk_widget_get_display (GTK_WIDGET (menu)));
}

/* Rows picked with Ctrl+click, then the context menu's bulk actions act on
 * all of them: set split, duplicate, delete (each undoable) */
static void
test_context_menu (void)
{
  g_autoptr(HoneProject) project = create_project ();
  HoneProjectWindow *window;
  HoneExamplesPage *page;
  GtkSelectionModel *selection;
  g_autoptr(GtkBitset) selected = NULL;

  SKIP_WITHOUT_XTEST ();
  window = open_window (project);
  page = hone_project_window_get_examples_page (window);
  selection = get_selection (page);

  /* Rows 1 and 3, by the mouse */
  click (cell (page, 0, 0), GDK_BUTTON_PRIMARY, 1, FALSE);
  WAIT_UNTIL (gtk_selection_model_is_selected (selection, 0));
  hone_ui_test_spin (1000);   /* not a double click */
  click (cell (page, 2, 0), GDK_BUTTON_PRIMARY, 1, TRUE);
  WAIT_UNTIL (gtk_selection_model_is_selected (selection, 2));
  selected = gtk_selection_model_get_selection (selection);
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 2);
  g_assert_true (gtk_bitset_contains (selected, 0));
  g_assert_true (gtk_bitset_contains (selected, 2));

  /* Set split from the menu of a selected row: both rows */
  context_menu_item (page, cell (page, 2, 1), "Validation");
  g_assert_cmpint (count (project, HONE_SPLIT_VALIDATION), ==, 2);
  g_assert_cmpint (count (project, HONE_SPLIT_TRAIN), ==, 2);
  g_assert_true (gtk_selection_model_is_selected (selection, 0));
  g_assert_true (gtk_selection_model_is_selected (selection, 2));

  /* Duplicate: two more */
  context_menu_item (page, cell (page, 0, 2), "Duplicate");
  g_assert_cmpint (count (project, HONE_SPLIT_ANY), ==, 6);
  g_assert_cmpint (count (project, HONE_SPLIT_VALIDATION), ==, 4);
  gtk_widget_activate_action (GTK_WIDGET (page), "examples.undo", NULL);
  g_assert_cmpint (count (project, HONE_SPLIT_ANY), ==, 4);

  /* Delete both, then undo */
  gtk_selection_model_unselect_all (selection);
  gtk_selection_model_select_item (selection, 0, FALSE);
  gtk_selection_model_select_item (selection, 2, FALSE);
  context_menu_item (page, cell (page, 0, 0), "Delete");
  g_assert_cmpint (count (project, HONE_SPLIT_ANY), ==, 2);
  g_assert_cmpint (count (project, HONE_SPLIT_VALIDATION), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (page), "examples.undo", NULL);
  g_assert_cmpint (count (project, HONE_SPLIT_ANY), ==, 4);

  /* A right click outside the selection selects that row alone */
  gtk_selection_model_unselect_all (selection);
  gtk_selection_model_select_item (selection, 0, FALSE);
  gtk_selection_model_select_item (selection, 1, FALSE);
  context_menu_item (page, cell (page, 3, 0), "Excluded");
  g_assert_cmpint (count (project, HONE_SPLIT_EXCLUDED), ==, 1);
  g_assert_false (gtk_selection_model_is_selected (selection, 0));
  g_assert_true (gtk_selection_model_is_selected (selection, 3));

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  tmp_dir = g_dir_make_tmp ("hone-mouse-XXXXXX", &error);
  g_assert_no_error (error);
  data_home = g_build_filename (tmp_dir, "data", NULL);
  g_mkdir_with_parents (data_home, 0700);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_add_func ("/grid-mouse/double-click", test_double_click);
  g_test_add_func ("/grid-mouse/header-sorts", test_header_sorts);
  g_test_add_func ("/grid-mouse/context-menu", test_context_menu);

  return g_test_run ();
}

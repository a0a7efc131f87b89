#pragma once

#include <adwaita.h>

#include "vj-followup-page.h"
#include "vj-person-page.h"
#include "vj-test-fixture.h"
#include "vj-window.h"

G_BEGIN_DECLS

/* What the UI tests share: the window on a test database, waiting for the widgets to settle,
 * finding them, and checking that every control has an accessible name. */

typedef struct
{
  VjTestFixture  base;
  VjWindow      *window;
} VjTestWindowFixture;

void              vj_test_window_fixture_setup           (VjTestWindowFixture *fixture,
                                                          gconstpointer        data);
void              vj_test_window_fixture_setup_catalogue (VjTestWindowFixture *fixture,
                                                          gconstpointer        data);
void              vj_test_window_fixture_setup_care      (VjTestWindowFixture *fixture,
                                                          gconstpointer        data);
void              vj_test_window_fixture_present         (VjTestWindowFixture *fixture);
void              vj_test_window_fixture_teardown        (VjTestWindowFixture *fixture,
                                                          gconstpointer        data);

void              vj_test_wait_until                     (gboolean  (*done) (gpointer),
                                                          gpointer    data);
gboolean          vj_test_programmes_settled             (gpointer    page);
GtkWidget        *vj_test_find_widget                    (GtkWidget  *root,
                                                          GType       type);
void              vj_test_collect_visible                (GtkWidget  *root,
                                                          GType       type,
                                                          GPtrArray  *found);
GtkWidget        *vj_test_find_button_with_tooltip       (GtkWidget  *root,
                                                          const char *tooltip);
AdwMessageDialog *vj_test_find_dialog                    (void);
AdwToast         *vj_test_shown_toast                    (GtkWidget  *widget);
void              vj_test_bind_translations              (void);
void              vj_test_screenshot                     (GtkWidget  *widget,
                                                          const char *name);

void              vj_test_collect_unnamed                (GtkWidget  *root,
                                                          GPtrArray  *unnamed);
void              vj_test_assert_none_unnamed            (GPtrArray  *unnamed);
void              vj_test_assert_all_named               (GtkWidget  *root);

gboolean          vj_test_followup_settled               (gpointer    page);
VjFollowupPage   *vj_test_show_followup                  (VjWindow   *window);
VjPersonPage     *vj_test_open_person_from_followup      (VjWindow   *window);

G_END_DECLS

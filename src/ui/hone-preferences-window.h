/* hone-preferences-window.h: the preferences of Hone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define HONE_TYPE_PREFERENCES_WINDOW (hone_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (HonePreferencesWindow, hone_preferences_window, HONE, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @settings: the app.hone.Hone settings */
HonePreferencesWindow *hone_preferences_window_new (GtkWindow *parent,
                                                    GSettings *settings);

/* Where Test Connection asks @provider ("together", …) instead of its API */
void                   hone_preferences_window_set_base_url (HonePreferencesWindow *self,
                                                             const char            *provider,
                                                             const char            *base_url);

G_END_DECLS

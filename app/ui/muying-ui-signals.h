/* muying-ui-signals.h: typed g_signal_connect for the event-controller signals we use.
 *
 * G_CALLBACK () casts any function to GCallback, so a handler whose signature does not match
 * its signal compiles silently; a `void` handler on a boolean signal such as
 * GtkEventControllerKey::key-pressed then "returns" whatever is left in a register, which GTK
 * may read as "handled" and the key is swallowed. These wrappers take the handler as a pointer
 * of the signal's exact type, so a mismatch is a compile error (-Werror=incompatible-pointer-types).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*MuyingKeyPressedFunc) (GtkEventControllerKey *controller,
                                          guint                  keyval,
                                          guint                  keycode,
                                          GdkModifierType        state,
                                          gpointer               user_data);
typedef void (*MuyingMotionFunc) (GtkEventControllerMotion *controller,
                                  double                    x,
                                  double                    y,
                                  gpointer                  user_data);
typedef void (*MuyingPressedFunc) (GtkGestureClick *gesture,
                                   int              n_press,
                                   double           x,
                                   double           y,
                                   gpointer         user_data);

static inline gulong
muying_connect_key_pressed (GtkEventControllerKey *controller,
                            MuyingKeyPressedFunc   handler,
                            gpointer               user_data)
{
  return g_signal_connect (controller, "key-pressed", G_CALLBACK (handler), user_data);
}

static inline gulong
muying_connect_motion (GtkEventControllerMotion *controller,
                       MuyingMotionFunc          handler,
                       gpointer                  user_data)
{
  return g_signal_connect (controller, "motion", G_CALLBACK (handler), user_data);
}

static inline gulong
muying_connect_pressed (GtkGestureClick   *gesture,
                        MuyingPressedFunc  handler,
                        gpointer           user_data)
{
  return g_signal_connect (gesture, "pressed", G_CALLBACK (handler), user_data);
}

G_END_DECLS

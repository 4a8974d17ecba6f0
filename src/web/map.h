/* map.h - region outlines for the zone map (map.c). */
#ifndef NT_MAP_H
#define NT_MAP_H

#include "base/nt.h"

#include <jansson.h>

/* The outlines to draw for a user whose scope is `scope` (NULL or "": the provinces of
 * Indonesia; otherwise the regencies and cities of the scope's province), as
 * [{code, name, d}] with d an SVG path in a 640-wide box of *height. The box is framed on
 * `focus` (a region in the layer, e.g. the user's regency, or NULL for the whole layer): the
 * focus with its neighbours around it, and only the outlines that reach into the frame.
 * Boundaries are read from data_dir/peta once per process. */
json_t *nt_map_draw(const char *data_dir, const char *scope, const char *focus, int *height);

#endif

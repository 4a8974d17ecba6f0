/* pages_int.h - what the page handlers share (src/web/pages_*.c). */
#ifndef NT_PAGES_INT_H
#define NT_PAGES_INT_H

#include "web/api.h"

/* A signed-in staff session, or a redirect to the login page (false). */
bool nt_page_staff(nt_req *r);
/* The form's CSRF token matches the session's, or a 403 page (false). */
bool nt_page_csrf_ok(nt_req *r);

#endif

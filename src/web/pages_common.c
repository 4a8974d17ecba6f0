/*
 * pages_common.c - what every HTML page handler checks first: a staff session and the form's
 * CSRF token. The pages live in pages_public.c (portal and login), pages_cases.c (inbox, case
 * page and its steps, reported ASN, due list, person page), pages_dashboard.c, pages_patrol.c
 * and pages_admin.c (users, audit log, registry). Forms work without JavaScript; every change
 * posts a CSRF token from the session.
 */
#include "web/pages_int.h"

#include <sodium.h>
#include <string.h>

bool nt_page_staff(nt_req *r)
{
    if (r->auth == NT_AUTH_SESSION) return true;
    nt_respond_redirect(r, "/masuk");
    return false;
}

bool nt_page_csrf_ok(nt_req *r)
{
    const char *t = nt_form(r, "csrf");
    if (t && strlen(t) == strlen(r->csrf) && sodium_memcmp(t, r->csrf, strlen(t)) == 0) return true;
    nt_respond_msg(r, 403, "csrf", "csrf", "token formulir tidak cocok; muat ulang halaman");
    return false;
}

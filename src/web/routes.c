/* routes.c - every URL: the pages (pages.c) and the JSON API (documented in docs/api.md). */
#include "web/api.h"

#define R(m, p, h, f)                                                                              \
    {                                                                                              \
        m, p, (void *)(h), f                                                                       \
    }

const nt_route_def nt_api_routes[] = {
    R("GET", "/", nt_h_home, NT_R_PUBLIC),
    R("GET", "/static/{name}", nt_h_static, NT_R_PUBLIC),
    R("GET", "/lapor", nt_h_report_form, NT_R_PUBLIC),
    R("POST", "/lapor", nt_h_report_submit, NT_R_PUBLIC | NT_R_FORM),
    R("GET", "/status", nt_h_status_page, NT_R_PUBLIC),
    R("GET", "/masuk", nt_h_login_page, NT_R_PUBLIC),
    R("POST", "/masuk", nt_h_login_submit, NT_R_PUBLIC | NT_R_FORM),
    R("POST", "/keluar", nt_h_logout_submit, NT_R_PUBLIC | NT_R_FORM),
    R("GET", "/kasus", nt_h_inbox, NT_R_PUBLIC),
    R("GET", "/kasus/{id}", nt_h_case_page, NT_R_PUBLIC),
    R("POST", "/kasus/{id}/langkah", nt_h_case_step, NT_R_PUBLIC | NT_R_FORM),
    R("GET", "/dasbor", nt_h_dashboard, NT_R_PUBLIC),
    R("GET", "/api/v1/stats", nt_h_stats, 0),
    R("GET", "/healthz", nt_h_health, NT_R_PUBLIC),
    R("POST", "/api/v1/login", nt_h_login, NT_R_PUBLIC),
    R("POST", "/api/v1/logout", nt_h_logout, NT_R_PUBLIC),
    R("GET", "/api/v1/me", nt_h_me, 0),
    R("GET", "/api/v1/users", nt_h_users_list, 0),
    R("POST", "/api/v1/users", nt_h_users_create, 0),
    R("POST", "/api/v1/users/{username}/password", nt_h_user_password, 0),
    R("POST", "/api/v1/users/{username}/active", nt_h_user_active, 0),
    R("POST", "/api/v1/tokens", nt_h_tokens_create, 0),
    R("GET", "/api/v1/audit", nt_h_audit_list, 0),
    R("GET", "/api/v1/audit/verify", nt_h_audit_verify, 0),
    R("GET", "/api/v1/rules", nt_h_rules, NT_R_PUBLIC),
    R("GET", "/api/v1/regions", nt_h_regions_list, NT_R_PUBLIC),
    R("GET", "/api/v1/regions/{code}", nt_h_region_get, NT_R_PUBLIC),
    R("GET", "/api/v1/elections", nt_h_elections_list, NT_R_PUBLIC),
    R("POST", "/api/v1/elections", nt_h_elections_create, 0),
    R("GET", "/api/v1/elections/{id}", nt_h_election_get, NT_R_PUBLIC),
    R("GET", "/api/v1/agencies", nt_h_agencies_list, 0),
    R("POST", "/api/v1/agencies", nt_h_agencies_create, 0),
    R("GET", "/api/v1/asn", nt_h_asn_list, 0),
    R("POST", "/api/v1/asn/import", nt_h_asn_import, NT_R_BIG_BODY),
    R("GET", "/api/v1/asn/{nip}", nt_h_asn_get, 0),
    R("GET", "/api/v1/cases", nt_h_cases_list, 0),
    R("POST", "/api/v1/cases", nt_h_cases_create, 0),
    R("GET", "/api/v1/cases/due", nt_h_cases_due, 0),
    R("GET", "/api/v1/cases/{id}", nt_h_case_get, 0),
    R("PATCH", "/api/v1/cases/{id}", nt_h_case_update, 0),
    R("POST", "/api/v1/cases/{id}/transitions", nt_h_case_transition, 0),
    R("POST", "/api/v1/cases/{id}/extension", nt_h_case_extend, 0),
    R("GET", "/api/v1/cases/{id}/reporter", nt_h_case_reporter, 0),
    R("POST", "/api/v1/cases/{id}/evidence", nt_h_case_evidence_upload, NT_R_STREAM),
    R("GET", "/api/v1/evidence/{id}", nt_h_evidence_get, 0),
    R("GET", "/api/v1/patrol/findings", nt_h_findings_list, 0),
    R("GET", "/api/v1/patrol/findings/{id}", nt_h_finding_get, 0),
    R("POST", "/api/v1/patrol/findings/{id}/review", nt_h_finding_review, 0),
    R("POST", "/api/v1/public/reports", nt_h_public_report, NT_R_PUBLIC),
    R("GET", "/api/v1/public/reports/{code}", nt_h_public_track, NT_R_PUBLIC),
};

const size_t nt_api_routes_len = sizeof nt_api_routes / sizeof nt_api_routes[0];

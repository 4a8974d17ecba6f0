/* api.h - the handlers behind the route table (routes.c), one file per area. */
#ifndef NT_API_H
#define NT_API_H

#include "web/http.h"

/* api_admin.c */
void nt_h_health(nt_req *r);
void nt_h_ready(nt_req *r);
void nt_h_login(nt_req *r);
void nt_h_logout(nt_req *r);
void nt_h_me(nt_req *r);
void nt_h_users_list(nt_req *r);
void nt_h_users_create(nt_req *r);
void nt_h_user_password(nt_req *r);
void nt_h_user_active(nt_req *r);
void nt_h_tokens_create(nt_req *r);
void nt_h_audit_list(nt_req *r);
void nt_h_audit_verify(nt_req *r);

/* api_registry.c */
void nt_h_rules(nt_req *r);
void nt_h_regions_list(nt_req *r);
void nt_h_region_get(nt_req *r);
void nt_h_elections_list(nt_req *r);
void nt_h_elections_create(nt_req *r);
void nt_h_election_get(nt_req *r);
void nt_h_agencies_list(nt_req *r);
void nt_h_agencies_create(nt_req *r);
void nt_h_asn_list(nt_req *r);
void nt_h_asn_get(nt_req *r);
void nt_h_asn_import(nt_req *r);

/* api_cases.c */
void nt_h_cases_list(nt_req *r);
void nt_h_cases_create(nt_req *r);
void nt_h_cases_due(nt_req *r);
void nt_h_case_get(nt_req *r);
void nt_h_case_update(nt_req *r);
void nt_h_case_transition(nt_req *r);
void nt_h_case_extend(nt_req *r);
void nt_h_case_reporter(nt_req *r);
void nt_h_case_evidence_upload(nt_req *r);
void nt_h_evidence_get(nt_req *r);
void nt_h_public_report(nt_req *r);
void nt_h_public_track(nt_req *r);

/* api_patrol.c */
void nt_h_findings_list(nt_req *r);
void nt_h_finding_get(nt_req *r);
void nt_h_finding_review(nt_req *r);

/* pages.c */
void nt_h_static(nt_req *r);
void nt_h_home(nt_req *r);
void nt_h_guidance(nt_req *r);
void nt_h_public_stats(nt_req *r);
void nt_h_status_message(nt_req *r);
void nt_h_case_message_submit(nt_req *r);
void nt_h_public_message(nt_req *r);
void nt_h_case_message(nt_req *r);
void nt_h_admin_outbox(nt_req *r);
void nt_h_admin_outbox_retry(nt_req *r);
void nt_h_account_page(nt_req *r);
void nt_h_account_submit(nt_req *r);
void nt_h_me_notifications(nt_req *r);
void nt_h_outbox_list(nt_req *r);
void nt_h_public_stats_csv(nt_req *r);
void nt_h_public_stats_json(nt_req *r);
/* The public statistics (nt_public_stats) as CSV: dimensi, kode, label and the four stages. */
void nt_export_public_stats_csv(nt_req *r, json_t *stats);
void nt_h_report_form(nt_req *r);
void nt_h_report_submit(nt_req *r);
void nt_h_status_page(nt_req *r);
void nt_h_login_page(nt_req *r);
void nt_h_login_submit(nt_req *r);
void nt_h_logout_submit(nt_req *r);
void nt_h_inbox(nt_req *r);
void nt_h_case_page(nt_req *r);
void nt_h_case_step(nt_req *r);
void nt_h_case_edit(nt_req *r);
void nt_h_export(nt_req *r);
void nt_h_admin_users(nt_req *r);
void nt_h_registry(nt_req *r);
void nt_h_election_page(nt_req *r);
void nt_h_agency_submit(nt_req *r);
void nt_h_roster_preview(nt_req *r);
void nt_h_roster_import(nt_req *r);
void nt_h_admin_user_submit(nt_req *r);
void nt_h_admin_audit(nt_req *r);
void nt_h_party_page(nt_req *r);
/* The list filters of a page's query string (empty fields dropped), for pages and exports. */
json_t *nt_inbox_filter(nt_req *r);
/* A patrol finding's codes in words, as its card and its export show them: verdict_label,
 * kind_label, link_label, status_label (pages_patrol.c). */
void nt_finding_labels(json_t *row);
void nt_h_case_upload(nt_req *r);
void nt_h_case_extend_page(nt_req *r);
void nt_h_case_new_page(nt_req *r);
void nt_h_asn_search_page(nt_req *r);
void nt_h_case_new_submit(nt_req *r);
void nt_h_case_reporter_page(nt_req *r);
/* pages_exchange.c */
void nt_h_exchange_page(nt_req *r);
void nt_h_exchange_upload(nt_req *r);
void nt_h_case_package(nt_req *r);
void nt_h_api_case_package(nt_req *r);
void nt_h_api_exchange_import(nt_req *r);
/* pages_documents.c */
void nt_h_doc_form(nt_req *r);
void nt_h_doc_issue(nt_req *r);
void nt_h_verify_page(nt_req *r);
void nt_h_verify_form(nt_req *r);
void nt_h_api_doc_issue(nt_req *r);
void nt_h_api_doc_verify(nt_req *r);
void nt_h_dashboard(nt_req *r);
void nt_h_patrol_queue(nt_req *r);
void nt_h_person_page(nt_req *r);
void nt_h_party_step(nt_req *r);
void nt_h_due_page(nt_req *r);
void nt_h_patrol_review(nt_req *r);
void nt_h_patrol_runs_page(nt_req *r);
void nt_h_agreements_list(nt_req *r);
void nt_h_risk_list(nt_req *r);
void nt_h_risk_region(nt_req *r);
void nt_h_risk_recompute(nt_req *r);
void nt_h_ikp_import(nt_req *r);
void nt_h_events_list(nt_req *r);
void nt_h_events_create(nt_req *r);
void nt_h_event_get(nt_req *r);
void nt_h_event_attendance(nt_req *r);
void nt_h_event_file_upload(nt_req *r);
void nt_h_agreement_file_upload(nt_req *r);
void nt_h_prevention_file_get(nt_req *r);
void nt_h_events_page(nt_req *r);
void nt_h_risk_page(nt_req *r);
void nt_h_risk_recompute_submit(nt_req *r);
void nt_h_ikp_submit(nt_req *r);
void nt_h_region_page(nt_req *r);
void nt_h_event_submit(nt_req *r);
void nt_h_event_page(nt_req *r);
void nt_h_event_files_submit(nt_req *r);
void nt_h_event_attendance_preview(nt_req *r);
void nt_h_event_attendance_save(nt_req *r);
void nt_h_agreement_files_submit(nt_req *r);
void nt_h_prevention_file_page(nt_req *r);
/* An event's attendance list matched against the roster in the reader's scope (the API and the
 * page share it): nt_attendance_import with the patrol's name matcher. */
int nt_web_attendance(nt_req *r, int64_t event, const char *csv, size_t len, json_t *choices,
                      unsigned flags, json_t **report, nt_err *err);
void nt_h_agreements_create(nt_req *r);
void nt_h_agreements_coverage(nt_req *r);
void nt_h_pledges_create(nt_req *r);
void nt_h_appeals_list(nt_req *r);
void nt_h_appeals_create(nt_req *r);
void nt_h_appeal_submit(nt_req *r);
void nt_h_pledges_import(nt_req *r);
void nt_h_pledges_coverage(nt_req *r);
void nt_h_pledge_submit(nt_req *r);
void nt_h_pledge_import_submit(nt_req *r);
void nt_h_prevention_page(nt_req *r);
void nt_h_agreement_submit(nt_req *r);
void nt_h_patrol_run_submit(nt_req *r);
void nt_h_patrol_run_page(nt_req *r);
/* Records a patrol run of the request's uploaded export (r->body) and starts it on a thread
 * of its own (patrol_job.c), which takes the upload; *id is the run. */
int nt_patrol_job_start(nt_req *r, const char *election, const char *filename, bool csv,
                        int64_t *id, nt_err *err);
void nt_h_stats(nt_req *r);

#endif

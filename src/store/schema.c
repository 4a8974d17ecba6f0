/*
 * schema.c - the schema as numbered migrations, one list per engine with the same numbers:
 * the same tables and columns, in each engine's types. SQLite records how far a database has
 * come in PRAGMA user_version, PostgreSQL in meta.schema_version; nt_schema_migrate applies
 * the rest in one transaction that holds the write lock (two instances starting together
 * migrate once), and a binary refuses a database whose schema is newer than it knows.
 */
#include "store/store_int.h"

#include <string.h>

static const char *migrations[] = {
    /* 1: registry, people, cases, evidence, audit */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE regions(code TEXT PRIMARY KEY, name TEXT NOT NULL,"
    "  level TEXT NOT NULL CHECK(level IN ('provinsi','kabkota','kecamatan')),"
    "  parent TEXT REFERENCES regions(code), population INTEGER, area_km2 REAL);"
    "CREATE INDEX regions_parent ON regions(parent);"
    "CREATE TABLE elections(id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,"
    "  region TEXT REFERENCES regions(code), regime TEXT NOT NULL, voting_date TEXT NOT NULL,"
    "  campaign_start TEXT, campaign_end TEXT, source TEXT NOT NULL, created_at INTEGER NOT NULL);"
    "CREATE TABLE candidates(election_id TEXT NOT NULL REFERENCES elections(id) ON DELETE CASCADE,"
    "  number INTEGER NOT NULL, names TEXT NOT NULL, nicknames TEXT NOT NULL DEFAULT '[]',"
    "  slogans TEXT NOT NULL DEFAULT '[]', hashtags TEXT NOT NULL DEFAULT '[]',"
    "  accounts TEXT NOT NULL DEFAULT '[]', incumbent INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY(election_id, number));"
    "CREATE TABLE agencies(id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
    "  region TEXT NOT NULL REFERENCES regions(code), UNIQUE(region, name));"
    "CREATE TABLE asn(nip TEXT PRIMARY KEY, name TEXT NOT NULL, position TEXT NOT NULL DEFAULT '',"
    "  position_kind TEXT NOT NULL CHECK(position_kind IN ('jpt','administrator','pengawas',"
    "    'fungsional','pelaksana','pppk','kepala_desa')),"
    "  grade TEXT NOT NULL DEFAULT '', agency_id INTEGER REFERENCES agencies(id),"
    "  work_unit TEXT NOT NULL DEFAULT '', region TEXT NOT NULL REFERENCES regions(code),"
    "  birth_date TEXT NOT NULL, sex INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
    "CREATE INDEX asn_agency ON asn(agency_id);"
    "CREATE INDEX asn_region ON asn(region);"
    "CREATE TABLE asn_accounts(nip TEXT NOT NULL REFERENCES asn(nip) ON DELETE CASCADE,"
    "  platform TEXT NOT NULL, handle TEXT NOT NULL, PRIMARY KEY(platform, handle, nip));"
    "CREATE INDEX asn_accounts_nip ON asn_accounts(nip);"
    "CREATE TABLE users(id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
    "  role TEXT NOT NULL CHECK(role IN ('admin','bawaslu','otoritas','ppk')),"
    "  region TEXT REFERENCES regions(code), agency_id INTEGER REFERENCES agencies(id),"
    "  pw_hash TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1, created_at INTEGER NOT NULL);"
    "CREATE TABLE sessions(token_hash BLOB PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES "
    "users(id),"
    "  csrf TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);"
    "CREATE TABLE api_tokens(id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id),"
    "  name TEXT NOT NULL, token_hash BLOB NOT NULL UNIQUE, created_at INTEGER NOT NULL,"
    "  last_used_at INTEGER, revoked INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE cases(id INTEGER PRIMARY KEY, route TEXT NOT NULL, state TEXT NOT NULL,"
    "  regime TEXT NOT NULL, election_id TEXT REFERENCES elections(id),"
    "  office TEXT NOT NULL REFERENCES regions(code), title TEXT NOT NULL,"
    "  event_date TEXT, known_date TEXT NOT NULL, place TEXT NOT NULL DEFAULT '',"
    "  narrative TEXT NOT NULL DEFAULT '', witnesses TEXT NOT NULL DEFAULT '[]',"
    "  reporter_enc BLOB, receipt_hash BLOB UNIQUE, late_filing INTEGER NOT NULL DEFAULT 0,"
    "  reg_year INTEGER, reg_seq INTEGER, reg_no TEXT, registered_on TEXT,"
    "  state_since TEXT NOT NULL, extended INTEGER NOT NULL DEFAULT 0, destination TEXT,"
    "  created_by INTEGER REFERENCES users(id), created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL, UNIQUE(office, reg_year, reg_seq));"
    "CREATE INDEX cases_office ON cases(office, state);"
    "CREATE INDEX cases_state ON cases(state);"
    "CREATE TABLE case_violations(case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
    "  code TEXT NOT NULL, PRIMARY KEY(case_id, code));"
    "CREATE TABLE case_parties(case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
    "  nip TEXT NOT NULL REFERENCES asn(nip), state TEXT NOT NULL DEFAULT 'dilaporkan',"
    "  state_since TEXT NOT NULL, recommendation TEXT, decree TEXT,"
    "  PRIMARY KEY(case_id, nip));"
    "CREATE INDEX case_parties_nip ON case_parties(nip);"
    "CREATE INDEX case_parties_state ON case_parties(state);"
    "CREATE TABLE case_events(id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES "
    "cases(id),"
    "  nip TEXT, from_state TEXT, to_state TEXT NOT NULL, actor_id INTEGER, actor TEXT NOT NULL,"
    "  at INTEGER NOT NULL, reason TEXT NOT NULL DEFAULT '', data TEXT NOT NULL DEFAULT '{}');"
    "CREATE INDEX case_events_case ON case_events(case_id);"
    "CREATE TABLE reg_counters(office TEXT NOT NULL, year INTEGER NOT NULL, last INTEGER NOT NULL,"
    "  PRIMARY KEY(office, year));"
    "CREATE TABLE evidence(id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  filename TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL,"
    "  sha256 TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',"
    "  uploaded_by INTEGER REFERENCES users(id), uploader TEXT NOT NULL, uploaded_at INTEGER NOT "
    "NULL);"
    "CREATE INDEX evidence_case ON evidence(case_id);"
    "CREATE TABLE audit(seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, actor_id INTEGER,"
    "  actor TEXT NOT NULL, action TEXT NOT NULL, object TEXT NOT NULL DEFAULT '',"
    "  detail TEXT NOT NULL DEFAULT '{}', prev_hash TEXT NOT NULL, hash TEXT NOT NULL);",
    /* 2: cyber-patrol findings (nip is not a foreign key: the roster file may be newer) */
    "CREATE TABLE patrol_findings(id INTEGER PRIMARY KEY, platform TEXT NOT NULL,"
    "  item_id TEXT NOT NULL, election_id TEXT, kind TEXT NOT NULL, verdict TEXT NOT NULL,"
    "  score REAL NOT NULL, candidate INTEGER, violation TEXT, nip TEXT, link_confidence REAL,"
    "  link_method TEXT, suggestion TEXT, reasons TEXT NOT NULL, author_handle TEXT,"
    "  author_name TEXT, url TEXT, posted_at TEXT, raw TEXT NOT NULL, sha256 TEXT NOT NULL,"
    "  captured_at TEXT NOT NULL, source TEXT NOT NULL, lexicon TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'baru' CHECK(status IN ('baru','dikonfirmasi','ditolak',"
    "    'dieskalasi')), first_seen INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    "  UNIQUE(platform, item_id));"
    "CREATE INDEX patrol_findings_nip ON patrol_findings(nip);"
    "CREATE INDEX patrol_findings_status ON patrol_findings(status, verdict);",
    /* 3: staff review of findings */
    "ALTER TABLE patrol_findings ADD COLUMN case_id INTEGER REFERENCES cases(id);"
    "ALTER TABLE patrol_findings ADD COLUMN review_note TEXT;"
    "ALTER TABLE patrol_findings ADD COLUMN reviewed_by TEXT;"
    "ALTER TABLE patrol_findings ADD COLUMN reviewed_at INTEGER;",
    /* 4: full-text search over the cases' words (title, narrative, place, registration number),
     * kept in step with the cases by triggers */
    "CREATE VIRTUAL TABLE cases_fts USING fts5(title, narrative, place, reg_no, content='cases',"
    "  content_rowid='id', tokenize='unicode61 remove_diacritics 2');"
    "INSERT INTO cases_fts(cases_fts) VALUES('rebuild');"
    "CREATE TRIGGER cases_fts_ai AFTER INSERT ON cases BEGIN"
    "  INSERT INTO cases_fts(rowid, title, narrative, place, reg_no)"
    "  VALUES(new.id, new.title, new.narrative, new.place, new.reg_no); END;"
    "CREATE TRIGGER cases_fts_ad AFTER DELETE ON cases BEGIN"
    "  INSERT INTO cases_fts(cases_fts, rowid, title, narrative, place, reg_no)"
    "  VALUES('delete', old.id, old.title, old.narrative, old.place, old.reg_no); END;"
    "CREATE TRIGGER cases_fts_au AFTER UPDATE OF title, narrative, place, reg_no ON cases BEGIN"
    "  INSERT INTO cases_fts(cases_fts, rowid, title, narrative, place, reg_no)"
    "  VALUES('delete', old.id, old.title, old.narrative, old.place, old.reg_no);"
    "  INSERT INTO cases_fts(rowid, title, narrative, place, reg_no)"
    "  VALUES(new.id, new.title, new.narrative, new.place, new.reg_no); END;",
    /* 5: the day a laporan was received or a temuan set (the Pilkada handling clock runs from
     * it), the described evidence, and the reference tables of state facts (rules/workflow.c
     * owns them; refresh_rule_tables rewrites them whenever the binary's facts differ) */
    "ALTER TABLE cases ADD COLUMN received_on TEXT;"
    "UPDATE cases SET received_on=date(created_at,'unixepoch','+7 hours');"
    "ALTER TABLE cases ADD COLUMN evidence_list TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE rule_case_states(name TEXT PRIMARY KEY, label TEXT NOT NULL,"
    "  final INTEGER NOT NULL, editable INTEGER NOT NULL, awaits INTEGER NOT NULL);"
    "CREATE TABLE rule_party_states(name TEXT PRIMARY KEY, label TEXT NOT NULL,"
    "  final INTEGER NOT NULL, with_authority INTEGER NOT NULL, with_ppk INTEGER NOT NULL,"
    "  stopped INTEGER NOT NULL, awaits INTEGER NOT NULL);",
    /* 6: throttling counters (failed logins per account and address, public reports, receipt
     * lookups) that survive a restart; keys are keyed hashes, never an address or a name */
    "CREATE TABLE throttle(kind TEXT NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL,"
    "  window_start INTEGER NOT NULL, blocked_until INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY(kind, key));",
    /* 7: merging a regency's database into a national one (migrate.c): which source row became
     * which row here, and each source's own audit chain kept whole beside this one's */
    "CREATE TABLE migrated(source TEXT NOT NULL, tbl TEXT NOT NULL, old_id TEXT NOT NULL,"
    "  new_id INTEGER NOT NULL, PRIMARY KEY(source, tbl, old_id));"
    "CREATE TABLE audit_archive(source TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL,"
    "  actor TEXT NOT NULL, action TEXT NOT NULL, object TEXT NOT NULL, detail TEXT NOT NULL,"
    "  prev_hash TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY(source, seq));",
    /* 8: the deadlines, stored when a case moves (case_common.c) so lists filter, sort and page
     * by them in SQL: the case's current step in cases.due_on, and the due list's rows (the
     * case's step, or each reported ASN's while the case is with the authority) */
    "ALTER TABLE cases ADD COLUMN due_on TEXT;"
    "CREATE INDEX cases_due ON cases(due_on);"
    "CREATE TABLE deadlines(case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
    "  nip TEXT NOT NULL DEFAULT '', due TEXT NOT NULL, PRIMARY KEY(case_id, nip));"
    "CREATE INDEX deadlines_due ON deadlines(due);",
    /* 9: the inbox's default order (the soonest deadline first, none last, newest among
     * equals) straight from an index, not a sort of every case */
    "CREATE INDEX cases_urgency ON cases(due_on IS NULL, due_on, id DESC);",
    /* 10: the dashboard's month chart from an index rather than a scan of every case row */
    "CREATE INDEX cases_known ON cases(known_date);",
    /* 11: patrol runs started from the browser: the uploaded export (name, size, SHA-256), who
     * ran it for which office and election, its state and counts as it goes (patrol_runs.c) */
    "CREATE TABLE patrol_runs(id INTEGER PRIMARY KEY, election_id TEXT NOT NULL,"
    "  filename TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL,"
    "  format TEXT NOT NULL, started_by TEXT NOT NULL, office TEXT NOT NULL DEFAULT '',"
    "  state TEXT NOT NULL CHECK(state IN ('antre','berjalan','selesai','gagal')),"
    "  items_read INTEGER NOT NULL DEFAULT 0, flagged INTEGER NOT NULL DEFAULT 0,"
    "  partisan INTEGER NOT NULL DEFAULT 0, review INTEGER NOT NULL DEFAULT 0,"
    "  malformed INTEGER NOT NULL DEFAULT 0, linked INTEGER NOT NULL DEFAULT 0,"
    "  roster_size INTEGER NOT NULL DEFAULT 0, problems TEXT NOT NULL DEFAULT '',"
    "  error TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
    "  finished_at INTEGER);"
    "CREATE INDEX patrol_runs_office ON patrol_runs(office, id);",
    /* 12: cooperation agreements (MoU, PKS) of the prevention work: the Bawaslu office that
     * signed, the number (unique for the office and year), dates, the election it serves,
     * the scope, and its parties and witnesses with their signatories (prevention.c) */
    "CREATE TABLE agreements(id INTEGER PRIMARY KEY, office TEXT NOT NULL DEFAULT '',"
    "  number TEXT NOT NULL, year INTEGER NOT NULL, kind TEXT NOT NULL CHECK(kind IN"
    "  ('mou','pks')), signed_on TEXT NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT,"
    "  election_id TEXT REFERENCES elections(id), scope TEXT NOT NULL, place TEXT NOT NULL"
    "  DEFAULT '', created_by TEXT NOT NULL, created_at INTEGER NOT NULL,"
    "  UNIQUE(office, year, number));"
    "CREATE INDEX agreements_office ON agreements(office, signed_on);"
    "CREATE TABLE agreement_parties(agreement_id INTEGER NOT NULL REFERENCES agreements(id)"
    "  ON DELETE CASCADE, seq INTEGER NOT NULL, role TEXT NOT NULL CHECK(role IN"
    "  ('pihak','saksi')), kind TEXT NOT NULL, name TEXT NOT NULL, signatory TEXT NOT NULL,"
    "  position TEXT NOT NULL DEFAULT '', PRIMARY KEY(agreement_id, seq));",
    /* 13: neutrality pledges: who signed which version of the text (data/rules/pledges.json),
     * when, how (a paper scan, at an event, a signature list) and at which event */
    "CREATE TABLE pledges(id INTEGER PRIMARY KEY, nip TEXT NOT NULL REFERENCES asn(nip),"
    "  version TEXT NOT NULL, signed_on TEXT NOT NULL, method TEXT NOT NULL CHECK(method IN"
    "  ('kertas','acara','daftar')), event TEXT NOT NULL DEFAULT '', office TEXT NOT NULL"
    "  DEFAULT '', recorded_by TEXT NOT NULL, created_at INTEGER NOT NULL,"
    "  UNIQUE(nip, version));",
    /* 14: appeals (imbauan, surat edaran) of the prevention work: number (unique for the
     * office and year), day, issuer, the categories addressed, the text, its basis, how it
     * was sent */
    "CREATE TABLE appeals(id INTEGER PRIMARY KEY, office TEXT NOT NULL DEFAULT '',"
    "  number TEXT NOT NULL, year INTEGER NOT NULL, issued_on TEXT NOT NULL, issuer TEXT NOT"
    "  NULL, addressees TEXT NOT NULL, body TEXT NOT NULL, basis TEXT NOT NULL DEFAULT '',"
    "  channels TEXT NOT NULL, election_id TEXT REFERENCES elections(id), created_by TEXT NOT"
    "  NULL, created_at INTEGER NOT NULL, UNIQUE(office, year, number));",
    /* 15: socialization and coordination events with their attendance, the files of the
     * prevention work (an agreement's signed document, an event's materials and photos, kept
     * in the evidence store under their SHA-256), the published vulnerability index (IKP) per
     * region and year, and the risk index: each region's current score and the history of its
     * changes (risk.c); a candidate who is the incumbent's kin */
    "ALTER TABLE candidates ADD COLUMN incumbent_kin INTEGER NOT NULL DEFAULT 0;"
    "CREATE TABLE events(id INTEGER PRIMARY KEY, office TEXT NOT NULL DEFAULT '', kind TEXT NOT"
    "  NULL, title TEXT NOT NULL, held_on TEXT NOT NULL, mode TEXT NOT NULL CHECK(mode IN"
    "  ('luring','daring','campuran')), place TEXT NOT NULL DEFAULT '', platform TEXT NOT NULL"
    "  DEFAULT '', organiser TEXT NOT NULL, partners TEXT NOT NULL DEFAULT '[]', speakers TEXT"
    "  NOT NULL DEFAULT '[]', audience TEXT NOT NULL DEFAULT '[]', participants INTEGER NOT NULL"
    "  DEFAULT 0, election_id TEXT REFERENCES elections(id), notes TEXT NOT NULL DEFAULT '',"
    "  created_by TEXT NOT NULL, created_at INTEGER NOT NULL);"
    "CREATE INDEX events_office ON events(office, held_on);"
    "CREATE TABLE event_attendance(event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE"
    "  CASCADE, nip TEXT NOT NULL REFERENCES asn(nip), matched_by TEXT NOT NULL CHECK(matched_by"
    "  IN ('nip','nama','konfirmasi')), PRIMARY KEY(event_id, nip));"
    "CREATE INDEX event_attendance_nip ON event_attendance(nip);"
    "CREATE TABLE prevention_files(id INTEGER PRIMARY KEY, owner TEXT NOT NULL CHECK(owner IN"
    "  ('agreement','event')), owner_id INTEGER NOT NULL, role TEXT NOT NULL CHECK(role IN"
    "  ('dokumen','materi','foto')), filename TEXT NOT NULL, content_type TEXT NOT NULL, size"
    "  INTEGER NOT NULL, sha256 TEXT NOT NULL, uploaded_by TEXT NOT NULL, uploaded_at INTEGER NOT"
    "  NULL);"
    "CREATE INDEX prevention_files_owner ON prevention_files(owner, owner_id);"
    "CREATE TABLE ikp_scores(region TEXT NOT NULL REFERENCES regions(code), year INTEGER NOT"
    "  NULL, score REAL NOT NULL, source TEXT NOT NULL DEFAULT '', imported_by TEXT NOT NULL,"
    "  imported_at INTEGER NOT NULL, PRIMARY KEY(region, year));"
    "CREATE TABLE risk_current(region TEXT PRIMARY KEY, election_id TEXT, score REAL, level"
    "  TEXT NOT NULL, detail TEXT NOT NULL, rules_version TEXT NOT NULL, computed_at INTEGER NOT"
    "  NULL, since INTEGER NOT NULL);"
    "CREATE TABLE risk_history(id INTEGER PRIMARY KEY, region TEXT NOT NULL, election_id TEXT,"
    "  score REAL, level TEXT NOT NULL, detail TEXT NOT NULL, rules_version TEXT NOT NULL,"
    "  computed_at INTEGER NOT NULL);"
    "CREATE INDEX risk_history_region ON risk_history(region, id);",
    /* 16: an event a PPK (or regional government) held for its own agency */
    "ALTER TABLE events ADD COLUMN agency_id INTEGER REFERENCES agencies(id);"
    "CREATE INDEX events_agency ON events(agency_id);",
    /* 17: messages between the handling team and the reporter, through the receipt code */
    "CREATE TABLE case_messages(id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES"
    "  cases(id), sender TEXT NOT NULL CHECK(sender IN ('pelapor','petugas')), body TEXT NOT"
    "  NULL, actor TEXT NOT NULL, at INTEGER NOT NULL, files INTEGER NOT NULL DEFAULT 0,"
    "  completes INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX case_messages_case ON case_messages(case_id, id);",
    /* 18: messages to send (e-mail, gateway), written with the change that causes them; a
     * user's address and the messages they turned off */
    "ALTER TABLE cases ADD COLUMN notify_enc BLOB;"
    "ALTER TABLE cases ADD COLUMN notify_phone_enc BLOB;"
    "ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE users ADD COLUMN notify_off TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE outbox(id INTEGER PRIMARY KEY, channel TEXT NOT NULL CHECK(channel IN"
    "  ('email','gateway')), kind TEXT NOT NULL, recipient_enc BLOB NOT NULL, subject TEXT NOT"
    "  NULL, body TEXT NOT NULL, case_id INTEGER REFERENCES cases(id), created_at INTEGER NOT"
    "  NULL, state TEXT NOT NULL DEFAULT 'antre' CHECK(state IN ('antre','terkirim','gagal')),"
    "  attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL, lease_until INTEGER NOT"
    "  NULL DEFAULT 0, sent_at INTEGER, last_error TEXT NOT NULL DEFAULT '', message_id TEXT NOT"
    "  NULL UNIQUE);"
    "CREATE INDEX outbox_due ON outbox(state, next_at);",
    /* 19: the dashboard's counts kept per cell (region, reader, selection) and the rows each
     * case was last counted with (figures.c); an election's cases by date; the patrol queue in
     * its order */
    "CREATE TABLE stat_cells(region TEXT NOT NULL, vis TEXT NOT NULL, sel TEXT NOT NULL, fig"
    "  TEXT NOT NULL, k TEXT NOT NULL, n INTEGER NOT NULL, n1 INTEGER NOT NULL, n2 INTEGER NOT"
    "  NULL, n3 INTEGER NOT NULL, PRIMARY KEY(region, vis, sel, fig, k)) WITHOUT ROWID;"
    "CREATE TABLE stat_cases(case_id INTEGER PRIMARY KEY REFERENCES cases(id), rows TEXT NOT"
    "  NULL, cells TEXT NOT NULL);"
    "CREATE INDEX cases_election ON cases(election_id, known_date);"
    "CREATE INDEX patrol_findings_queue ON patrol_findings(status, score DESC, id);",
    /* 20: issued documents (docs/issue.c) and the signed exchange with the authority: the
     * offices' public keys, the packages seen and the link between a case and its copy */
    "CREATE TABLE documents(id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  kind TEXT NOT NULL, code TEXT NOT NULL UNIQUE, office TEXT NOT NULL, year INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL, number TEXT NOT NULL, basis_hash TEXT NOT NULL, content_hash TEXT NOT"
    "  NULL, pdf_sha256 TEXT NOT NULL, pages INTEGER NOT NULL, wording TEXT NOT NULL, fields TEXT"
    "  NOT NULL DEFAULT '{}', issued_by INTEGER REFERENCES users(id), issuer TEXT NOT NULL,"
    "  issued_at INTEGER NOT NULL, superseded_at INTEGER, UNIQUE(office, year, seq));"
    "CREATE INDEX documents_case ON documents(case_id, kind);"
    "CREATE TABLE doc_counters(office TEXT NOT NULL, year INTEGER NOT NULL, last INTEGER NOT NULL,"
    "  PRIMARY KEY(office, year));"
    "CREATE TABLE exchange_keys(key_id TEXT PRIMARY KEY, office TEXT NOT NULL, public_key TEXT NOT"
    "  NULL UNIQUE, own INTEGER NOT NULL, label TEXT NOT NULL DEFAULT '', added_at INTEGER NOT"
    "  NULL, retired_at INTEGER);"
    "CREATE TABLE exchange_links(case_id INTEGER PRIMARY KEY REFERENCES cases(id), peer TEXT NOT"
    "  NULL, peer_case TEXT, side TEXT NOT NULL CHECK(side IN ('pengirim','penerima')), sent_seq"
    "  INTEGER NOT NULL DEFAULT 0, recv_seq INTEGER NOT NULL DEFAULT 0, UNIQUE(peer, peer_case));"
    "CREATE TABLE exchange_packages(package_id TEXT PRIMARY KEY, kind TEXT NOT NULL, direction"
    "  TEXT NOT NULL CHECK(direction IN ('keluar','masuk')), peer TEXT NOT NULL, key_id TEXT NOT"
    "  NULL, case_id INTEGER REFERENCES cases(id), seq INTEGER NOT NULL, manifest_sha256 TEXT NOT"
    "  NULL, files INTEGER NOT NULL, bytes INTEGER NOT NULL, at INTEGER NOT NULL);",
};

/* PostgreSQL: the schema as SQLite's migration 6 leaves it, in one step (there were no
 * PostgreSQL databases before it); later migrations are added to both lists. Text compares
 * byte by byte ("C"), as SQLite's does: region-code ranges and sort orders depend on it. Full
 * text search is a generated tsvector with the Indonesian stemmer, over the words between
 * punctuation as SQLite's tokenizer splits them (a registration number's parts, "-2+3"). */
static const char *pg_migrations[] = {
    "CREATE DOMAIN ctext AS TEXT COLLATE \"C\";"
    "CREATE TABLE meta(key CTEXT PRIMARY KEY, value CTEXT NOT NULL);"
    "CREATE TABLE regions(code CTEXT PRIMARY KEY, name CTEXT NOT NULL, level CTEXT NOT NULL"
    " CHECK(level IN ('provinsi','kabkota','kecamatan')), parent CTEXT REFERENCES"
    " regions(code), population BIGINT, area_km2 FLOAT8);"
    "CREATE INDEX regions_parent ON regions(parent);"
    "CREATE TABLE elections(id CTEXT PRIMARY KEY, name CTEXT NOT NULL, kind CTEXT NOT NULL,"
    " region CTEXT REFERENCES regions(code), regime CTEXT NOT NULL, voting_date CTEXT NOT NULL,"
    " campaign_start CTEXT, campaign_end CTEXT, source CTEXT NOT NULL, created_at BIGINT NOT"
    " NULL);"
    "CREATE TABLE candidates(election_id CTEXT NOT NULL REFERENCES elections(id) ON DELETE"
    " CASCADE, number BIGINT NOT NULL, names CTEXT NOT NULL, nicknames CTEXT NOT NULL DEFAULT"
    " '[]', slogans CTEXT NOT NULL DEFAULT '[]', hashtags CTEXT NOT NULL DEFAULT '[]', accounts"
    " CTEXT NOT NULL DEFAULT '[]', incumbent BIGINT NOT NULL DEFAULT 0, PRIMARY"
    " KEY(election_id, number));"
    "CREATE TABLE agencies(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name CTEXT"
    " NOT NULL, region CTEXT NOT NULL REFERENCES regions(code), UNIQUE(region, name));"
    "CREATE TABLE asn(nip CTEXT PRIMARY KEY, name CTEXT NOT NULL, position CTEXT NOT NULL"
    " DEFAULT '', position_kind CTEXT NOT NULL CHECK(position_kind IN"
    " ('jpt','administrator','pengawas', 'fungsional','pelaksana','pppk','kepala_desa')), grade"
    " CTEXT NOT NULL DEFAULT '', agency_id BIGINT REFERENCES agencies(id), work_unit CTEXT NOT"
    " NULL DEFAULT '', region CTEXT NOT NULL REFERENCES regions(code), birth_date CTEXT NOT"
    " NULL, sex BIGINT NOT NULL, updated_at BIGINT NOT NULL);"
    "CREATE INDEX asn_agency ON asn(agency_id);"
    "CREATE INDEX asn_region ON asn(region);"
    "CREATE TABLE asn_accounts(nip CTEXT NOT NULL REFERENCES asn(nip) ON DELETE CASCADE,"
    " platform CTEXT NOT NULL, handle CTEXT NOT NULL, PRIMARY KEY(platform, handle, nip));"
    "CREATE INDEX asn_accounts_nip ON asn_accounts(nip);"
    "CREATE TABLE users(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, username CTEXT"
    " NOT NULL UNIQUE, name CTEXT NOT NULL, role CTEXT NOT NULL CHECK(role IN"
    " ('admin','bawaslu','otoritas','ppk')), region CTEXT REFERENCES regions(code), agency_id"
    " BIGINT REFERENCES agencies(id), pw_hash CTEXT NOT NULL, active BIGINT NOT NULL DEFAULT 1,"
    " created_at BIGINT NOT NULL);"
    "CREATE TABLE sessions(token_hash BYTEA PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES"
    " users(id), csrf CTEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL);"
    "CREATE TABLE api_tokens(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, user_id"
    " BIGINT NOT NULL REFERENCES users(id), name CTEXT NOT NULL, token_hash BYTEA NOT NULL"
    " UNIQUE, created_at BIGINT NOT NULL, last_used_at BIGINT, revoked BIGINT NOT NULL DEFAULT"
    " 0);"
    "CREATE TABLE cases(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, route CTEXT NOT"
    " NULL, state CTEXT NOT NULL, regime CTEXT NOT NULL, election_id CTEXT REFERENCES"
    " elections(id), office CTEXT NOT NULL REFERENCES regions(code), title CTEXT NOT NULL,"
    " event_date CTEXT, known_date CTEXT NOT NULL, place CTEXT NOT NULL DEFAULT '', narrative"
    " CTEXT NOT NULL DEFAULT '', witnesses CTEXT NOT NULL DEFAULT '[]', reporter_enc BYTEA,"
    " receipt_hash BYTEA UNIQUE, late_filing BIGINT NOT NULL DEFAULT 0, reg_year BIGINT,"
    " reg_seq BIGINT, reg_no CTEXT, registered_on CTEXT, state_since CTEXT NOT NULL, extended"
    " BIGINT NOT NULL DEFAULT 0, destination CTEXT, created_by BIGINT REFERENCES users(id),"
    " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, received_on CTEXT, evidence_list"
    " CTEXT NOT NULL DEFAULT '', UNIQUE(office, reg_year, reg_seq));"
    "CREATE INDEX cases_office ON cases(office, state);"
    "CREATE INDEX cases_state ON cases(state);"
    "CREATE TABLE case_violations(case_id BIGINT NOT NULL REFERENCES cases(id) ON DELETE"
    " CASCADE, code CTEXT NOT NULL, PRIMARY KEY(case_id, code));"
    "CREATE TABLE case_parties(case_id BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
    " nip CTEXT NOT NULL REFERENCES asn(nip), state CTEXT NOT NULL DEFAULT 'dilaporkan',"
    " state_since CTEXT NOT NULL, recommendation CTEXT, decree CTEXT, PRIMARY KEY(case_id,"
    " nip));"
    "CREATE INDEX case_parties_nip ON case_parties(nip);"
    "CREATE INDEX case_parties_state ON case_parties(state);"
    "CREATE TABLE case_events(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, case_id"
    " BIGINT NOT NULL REFERENCES cases(id), nip CTEXT, from_state CTEXT, to_state CTEXT NOT"
    " NULL, actor_id BIGINT, actor CTEXT NOT NULL, at BIGINT NOT NULL, reason CTEXT NOT NULL"
    " DEFAULT '', data CTEXT NOT NULL DEFAULT '{}');"
    "CREATE INDEX case_events_case ON case_events(case_id);"
    "CREATE TABLE reg_counters(office CTEXT NOT NULL, year BIGINT NOT NULL, last BIGINT NOT"
    " NULL, PRIMARY KEY(office, year));"
    "CREATE TABLE evidence(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, case_id"
    " BIGINT NOT NULL REFERENCES cases(id), filename CTEXT NOT NULL, content_type CTEXT NOT"
    " NULL, size BIGINT NOT NULL, sha256 CTEXT NOT NULL, description CTEXT NOT NULL DEFAULT '',"
    " uploaded_by BIGINT REFERENCES users(id), uploader CTEXT NOT NULL, uploaded_at BIGINT NOT"
    " NULL);"
    "CREATE INDEX evidence_case ON evidence(case_id);"
    "CREATE TABLE audit(seq BIGINT PRIMARY KEY, at BIGINT NOT NULL, actor_id BIGINT, actor"
    " CTEXT NOT NULL, action CTEXT NOT NULL, object CTEXT NOT NULL DEFAULT '', detail CTEXT NOT"
    " NULL DEFAULT '{}', prev_hash CTEXT NOT NULL, hash CTEXT NOT NULL);"
    "CREATE TABLE patrol_findings(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
    " platform CTEXT NOT NULL, item_id CTEXT NOT NULL, election_id CTEXT, kind CTEXT NOT NULL,"
    " verdict CTEXT NOT NULL, score FLOAT8 NOT NULL, candidate BIGINT, violation CTEXT, nip"
    " CTEXT, link_confidence FLOAT8, link_method CTEXT, suggestion CTEXT, reasons CTEXT NOT"
    " NULL, author_handle CTEXT, author_name CTEXT, url CTEXT, posted_at CTEXT, raw CTEXT NOT"
    " NULL, sha256 CTEXT NOT NULL, captured_at CTEXT NOT NULL, source CTEXT NOT NULL, lexicon"
    " CTEXT NOT NULL, status CTEXT NOT NULL DEFAULT 'baru' CHECK(status IN"
    " ('baru','dikonfirmasi','ditolak', 'dieskalasi')), first_seen BIGINT NOT NULL, updated_at"
    " BIGINT NOT NULL, case_id BIGINT REFERENCES cases(id), review_note CTEXT, reviewed_by"
    " CTEXT, reviewed_at BIGINT, UNIQUE(platform, item_id));"
    "CREATE INDEX patrol_findings_nip ON patrol_findings(nip);"
    "CREATE INDEX patrol_findings_status ON patrol_findings(status, verdict);"
    "CREATE TABLE rule_case_states(name CTEXT PRIMARY KEY, label CTEXT NOT NULL, final BIGINT"
    " NOT NULL, editable BIGINT NOT NULL, awaits BIGINT NOT NULL);"
    "CREATE TABLE rule_party_states(name CTEXT PRIMARY KEY, label CTEXT NOT NULL, final BIGINT"
    " NOT NULL, with_authority BIGINT NOT NULL, with_ppk BIGINT NOT NULL, stopped BIGINT NOT"
    " NULL, awaits BIGINT NOT NULL);"
    "CREATE TABLE throttle(kind CTEXT NOT NULL, key CTEXT NOT NULL, count BIGINT NOT NULL,"
    " window_start BIGINT NOT NULL, blocked_until BIGINT NOT NULL DEFAULT 0, PRIMARY KEY(kind,"
    " key));"
    "ALTER TABLE cases ADD COLUMN fts tsvector GENERATED ALWAYS AS (to_tsvector('indonesian',"
    " regexp_replace(coalesce(title,'') || ' ' || coalesce(narrative,'') || ' ' ||"
    " coalesce(place,'') || ' ' || coalesce(reg_no,''), '[[:punct:][:space:]]+', ' ', 'g')))"
    " STORED;"
    "CREATE INDEX cases_fts ON cases USING gin(fts);",
    "", /* 2..6: in 1 */
    "",
    "",
    "",
    "",
    "CREATE TABLE migrated(source CTEXT NOT NULL, tbl CTEXT NOT NULL, old_id CTEXT NOT NULL,"
    " new_id BIGINT NOT NULL, PRIMARY KEY(source, tbl, old_id));"
    "CREATE TABLE audit_archive(source CTEXT NOT NULL, seq BIGINT NOT NULL, at BIGINT NOT NULL,"
    " actor CTEXT NOT NULL, action CTEXT NOT NULL, object CTEXT NOT NULL, detail CTEXT NOT NULL,"
    " prev_hash CTEXT NOT NULL, hash CTEXT NOT NULL, PRIMARY KEY(source, seq));",
    "ALTER TABLE cases ADD COLUMN due_on CTEXT;"
    "CREATE INDEX cases_due ON cases(due_on);"
    "CREATE TABLE deadlines(case_id BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
    " nip CTEXT NOT NULL DEFAULT '', due CTEXT NOT NULL, PRIMARY KEY(case_id, nip));"
    "CREATE INDEX deadlines_due ON deadlines(due);",
    "CREATE INDEX cases_urgency ON cases((due_on IS NULL), due_on, id DESC);",
    "CREATE INDEX cases_known ON cases(known_date);",
    "CREATE TABLE patrol_runs(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
    " election_id CTEXT NOT NULL, filename CTEXT NOT NULL, size BIGINT NOT NULL, sha256 CTEXT NOT"
    " NULL, format CTEXT NOT NULL, started_by CTEXT NOT NULL, office CTEXT NOT NULL DEFAULT '',"
    " state CTEXT NOT NULL CHECK(state IN ('antre','berjalan','selesai','gagal')), items_read"
    " BIGINT NOT NULL DEFAULT 0, flagged BIGINT NOT NULL DEFAULT 0, partisan BIGINT NOT NULL"
    " DEFAULT 0, review BIGINT NOT NULL DEFAULT 0, malformed BIGINT NOT NULL DEFAULT 0, linked"
    " BIGINT NOT NULL DEFAULT 0, roster_size BIGINT NOT NULL DEFAULT 0, problems CTEXT NOT NULL"
    " DEFAULT '', error CTEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,"
    " finished_at BIGINT);"
    "CREATE INDEX patrol_runs_office ON patrol_runs(office, id);",
    "CREATE TABLE agreements(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, office"
    " CTEXT NOT NULL DEFAULT '', number CTEXT NOT NULL, year BIGINT NOT NULL, kind CTEXT NOT NULL"
    " CHECK(kind IN ('mou','pks')), signed_on CTEXT NOT NULL, valid_from CTEXT NOT NULL,"
    " valid_to CTEXT, election_id CTEXT REFERENCES elections(id), scope CTEXT NOT NULL, place"
    " CTEXT NOT NULL DEFAULT '', created_by CTEXT NOT NULL, created_at BIGINT NOT NULL,"
    " UNIQUE(office, year, number));"
    "CREATE INDEX agreements_office ON agreements(office, signed_on);"
    "CREATE TABLE agreement_parties(agreement_id BIGINT NOT NULL REFERENCES agreements(id) ON"
    " DELETE CASCADE, seq BIGINT NOT NULL, role CTEXT NOT NULL CHECK(role IN ('pihak','saksi')),"
    " kind CTEXT NOT NULL, name CTEXT NOT NULL, signatory CTEXT NOT NULL, position CTEXT NOT"
    " NULL DEFAULT '', PRIMARY KEY(agreement_id, seq));",
    "CREATE TABLE pledges(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, nip CTEXT NOT"
    " NULL REFERENCES asn(nip), version CTEXT NOT NULL, signed_on CTEXT NOT NULL, method CTEXT"
    " NOT NULL CHECK(method IN ('kertas','acara','daftar')), event CTEXT NOT NULL DEFAULT '',"
    " office CTEXT NOT NULL DEFAULT '', recorded_by CTEXT NOT NULL, created_at BIGINT NOT NULL,"
    " UNIQUE(nip, version));",
    "CREATE TABLE appeals(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, office CTEXT"
    " NOT NULL DEFAULT '', number CTEXT NOT NULL, year BIGINT NOT NULL, issued_on CTEXT NOT NULL,"
    " issuer CTEXT NOT NULL, addressees CTEXT NOT NULL, body CTEXT NOT NULL, basis CTEXT NOT NULL"
    " DEFAULT '', channels CTEXT NOT NULL, election_id CTEXT REFERENCES elections(id), created_by"
    " CTEXT NOT NULL, created_at BIGINT NOT NULL, UNIQUE(office, year, number));",
    "ALTER TABLE candidates ADD COLUMN incumbent_kin BIGINT NOT NULL DEFAULT 0;"
    "CREATE TABLE events(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, office CTEXT"
    " NOT NULL DEFAULT '', kind CTEXT NOT NULL, title CTEXT NOT NULL, held_on CTEXT NOT NULL,"
    " mode CTEXT NOT NULL CHECK(mode IN ('luring','daring','campuran')), place CTEXT NOT NULL"
    " DEFAULT '', platform CTEXT NOT NULL DEFAULT '', organiser CTEXT NOT NULL, partners CTEXT"
    " NOT NULL DEFAULT '[]', speakers CTEXT NOT NULL DEFAULT '[]', audience CTEXT NOT NULL"
    " DEFAULT '[]', participants BIGINT NOT NULL DEFAULT 0, election_id CTEXT REFERENCES"
    " elections(id), notes CTEXT NOT NULL DEFAULT '', created_by CTEXT NOT NULL, created_at"
    " BIGINT NOT NULL);"
    "CREATE INDEX events_office ON events(office, held_on);"
    "CREATE TABLE event_attendance(event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE"
    " CASCADE, nip CTEXT NOT NULL REFERENCES asn(nip), matched_by CTEXT NOT NULL"
    " CHECK(matched_by IN ('nip','nama','konfirmasi')), PRIMARY KEY(event_id, nip));"
    "CREATE INDEX event_attendance_nip ON event_attendance(nip);"
    "CREATE TABLE prevention_files(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, owner"
    " CTEXT NOT NULL CHECK(owner IN ('agreement','event')), owner_id BIGINT NOT NULL, role CTEXT"
    " NOT NULL CHECK(role IN ('dokumen','materi','foto')), filename CTEXT NOT NULL, content_type"
    " CTEXT NOT NULL, size BIGINT NOT NULL, sha256 CTEXT NOT NULL, uploaded_by CTEXT NOT NULL,"
    " uploaded_at BIGINT NOT NULL);"
    "CREATE INDEX prevention_files_owner ON prevention_files(owner, owner_id);"
    "CREATE TABLE ikp_scores(region CTEXT NOT NULL REFERENCES regions(code), year BIGINT NOT"
    " NULL, score FLOAT8 NOT NULL, source CTEXT NOT NULL DEFAULT '', imported_by CTEXT NOT NULL,"
    " imported_at BIGINT NOT NULL, PRIMARY KEY(region, year));"
    "CREATE TABLE risk_current(region CTEXT PRIMARY KEY, election_id CTEXT, score FLOAT8, level"
    " CTEXT NOT NULL, detail CTEXT NOT NULL, rules_version CTEXT NOT NULL, computed_at BIGINT NOT"
    " NULL, since BIGINT NOT NULL);"
    "CREATE TABLE risk_history(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, region"
    " CTEXT NOT NULL, election_id CTEXT, score FLOAT8, level CTEXT NOT NULL, detail CTEXT NOT"
    " NULL, rules_version CTEXT NOT NULL, computed_at BIGINT NOT NULL);"
    "CREATE INDEX risk_history_region ON risk_history(region, id);",
    "ALTER TABLE events ADD COLUMN agency_id BIGINT REFERENCES agencies(id);"
    "CREATE INDEX events_agency ON events(agency_id);",
    "CREATE TABLE case_messages(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, case_id"
    " BIGINT NOT NULL REFERENCES cases(id), sender CTEXT NOT NULL CHECK(sender IN"
    " ('pelapor','petugas')), body CTEXT NOT NULL, actor CTEXT NOT NULL, at BIGINT NOT NULL,"
    " files BIGINT NOT NULL DEFAULT 0, completes BIGINT NOT NULL DEFAULT 0);"
    "CREATE INDEX case_messages_case ON case_messages(case_id, id);",
    "ALTER TABLE cases ADD COLUMN notify_enc BYTEA;"
    "ALTER TABLE cases ADD COLUMN notify_phone_enc BYTEA;"
    "ALTER TABLE users ADD COLUMN email CTEXT NOT NULL DEFAULT '';"
    "ALTER TABLE users ADD COLUMN notify_off CTEXT NOT NULL DEFAULT '';"
    "CREATE TABLE outbox(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, channel CTEXT"
    " NOT NULL CHECK(channel IN ('email','gateway')), kind CTEXT NOT NULL, recipient_enc BYTEA"
    " NOT NULL, subject CTEXT NOT NULL, body CTEXT NOT NULL, case_id BIGINT REFERENCES cases(id),"
    " created_at BIGINT NOT NULL, state CTEXT NOT NULL DEFAULT 'antre' CHECK(state IN"
    " ('antre','terkirim','gagal')), attempts BIGINT NOT NULL DEFAULT 0, next_at BIGINT NOT"
    " NULL, lease_until BIGINT NOT NULL DEFAULT 0, sent_at BIGINT, last_error CTEXT NOT NULL"
    " DEFAULT '', message_id CTEXT NOT NULL UNIQUE);"
    "CREATE INDEX outbox_due ON outbox(state, next_at);",
    "CREATE TABLE stat_cells(region CTEXT NOT NULL, vis CTEXT NOT NULL, sel CTEXT NOT NULL, fig"
    " CTEXT NOT NULL, k CTEXT NOT NULL, n BIGINT NOT NULL, n1 BIGINT NOT NULL, n2 BIGINT NOT"
    " NULL, n3 BIGINT NOT NULL, PRIMARY KEY(region, vis, sel, fig, k));"
    "CREATE TABLE stat_cases(case_id BIGINT PRIMARY KEY REFERENCES cases(id), rows CTEXT NOT"
    " NULL, cells CTEXT NOT NULL);"
    "CREATE INDEX cases_election ON cases(election_id, known_date);"
    "CREATE INDEX patrol_findings_queue ON patrol_findings(status, score DESC, id);",
    "CREATE TABLE documents(id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, case_id BIGINT"
    " NOT NULL REFERENCES cases(id), kind CTEXT NOT NULL, code CTEXT NOT NULL UNIQUE, office CTEXT"
    " NOT NULL, year BIGINT NOT NULL, seq BIGINT NOT NULL, number CTEXT NOT NULL, basis_hash CTEXT"
    " NOT NULL, content_hash CTEXT NOT NULL, pdf_sha256 CTEXT NOT NULL, pages BIGINT NOT NULL,"
    " wording CTEXT NOT NULL, fields CTEXT NOT NULL DEFAULT '{}', issued_by BIGINT REFERENCES"
    " users(id), issuer CTEXT NOT NULL, issued_at BIGINT NOT NULL, superseded_at BIGINT,"
    " UNIQUE(office, year, seq));"
    "CREATE INDEX documents_case ON documents(case_id, kind);"
    "CREATE TABLE doc_counters(office CTEXT NOT NULL, year BIGINT NOT NULL, last BIGINT NOT NULL,"
    " PRIMARY KEY(office, year));"
    "CREATE TABLE exchange_keys(key_id CTEXT PRIMARY KEY, office CTEXT NOT NULL, public_key CTEXT"
    " NOT NULL UNIQUE, own BIGINT NOT NULL, label CTEXT NOT NULL DEFAULT '', added_at BIGINT NOT"
    " NULL, retired_at BIGINT);"
    "CREATE TABLE exchange_links(case_id BIGINT PRIMARY KEY REFERENCES cases(id), peer CTEXT NOT"
    " NULL, peer_case CTEXT, side CTEXT NOT NULL CHECK(side IN ('pengirim','penerima')), sent_seq"
    " BIGINT NOT NULL DEFAULT 0, recv_seq BIGINT NOT NULL DEFAULT 0, UNIQUE(peer, peer_case));"
    "CREATE TABLE exchange_packages(package_id CTEXT PRIMARY KEY, kind CTEXT NOT NULL, direction"
    " CTEXT NOT NULL CHECK(direction IN ('keluar','masuk')), peer CTEXT NOT NULL, key_id CTEXT NOT"
    " NULL, case_id BIGINT REFERENCES cases(id), seq BIGINT NOT NULL, manifest_sha256 CTEXT NOT"
    " NULL, files BIGINT NOT NULL, bytes BIGINT NOT NULL, at BIGINT NOT NULL);",
};
_Static_assert(NT_ARRAY_LEN(pg_migrations) == NT_ARRAY_LEN(migrations),
               "every migration has its PostgreSQL form");

/* The tables that hold the record, parents before children (foreign keys), as copies read
 * them; meta and the rule_* reference tables are each store's own. */
const char *const nt_schema_tables[] = {
    "regions",
    "elections",
    "candidates",
    "agencies",
    "asn",
    "asn_accounts",
    "users",
    "sessions",
    "api_tokens",
    "cases",
    "case_violations",
    "case_parties",
    "case_events",
    "deadlines",
    "reg_counters",
    "evidence",
    "audit",
    "patrol_findings",
    "throttle",
    "migrated",
    "audit_archive",
    "patrol_runs",
    "agreements",
    "agreement_parties",
    "pledges",
    "appeals",
    "events",
    "event_attendance",
    "prevention_files",
    "ikp_scores",
    "risk_current",
    "risk_history",
    "case_messages",
    "outbox",
    "documents",
    "doc_counters",
    "exchange_keys",
    "exchange_links",
    "exchange_packages",
    NULL,
};

/* The state facts of rules/workflow.c as rows, and a fingerprint of them. */
static void rule_rows(nt_buf *fp)
{
    for (int i = 0; i < NT_ST__COUNT; i++)
        nt_buf_printf(fp, "c|%s|%s|%d|%d|%u\n", nt_case_state_name(i), nt_case_state_label(i),
                      nt_case_state_final(i), nt_case_editable(i), nt_case_awaits(i));
    for (int i = 0; i < NT_PS__COUNT; i++)
        nt_buf_printf(fp, "p|%s|%s|%d|%d|%d|%d|%u\n", nt_party_state_name(i),
                      nt_party_state_label(i), nt_party_state_final(i), nt_party_with_authority(i),
                      nt_party_with_ppk(i), nt_party_stopped(i), nt_party_awaits(i));
}

/* Rewrites the reference tables when this binary's state facts differ from the database's
 * (a new state, a changed label), so SQL that reads them always agrees with the rules. */
static int refresh_rule_tables(nt_db *db, nt_err *err)
{
    nt_buf fp = {0};
    rule_rows(&fp);
    char hex[65];
    nt_sha256_hex(fp.p, fp.len, hex);
    nt_buf_free(&fp);
    nt_stmt *s = nt_query(db, "SELECT value FROM meta WHERE key='rule_states'", "");
    bool same = s && nt_step(s) == 1 && strcmp(nt_col_text(s, 0), hex) == 0;
    nt_done(s);
    if (same) return 0;
    if (nt_db_begin(db)) return nt_err_set(err, NT_EDB, "db", "basis data sedang terkunci");
    int rc = nt_exec(db, "DELETE FROM rule_case_states", "");
    if (!rc) rc = nt_exec(db, "DELETE FROM rule_party_states", "");
    for (int i = 0; !rc && i < NT_ST__COUNT; i++)
        rc = nt_exec(db,
                     "INSERT INTO rule_case_states(name,label,final,editable,awaits) "
                     "VALUES($1,$2,$3,$4,$5)",
                     "ttiii", nt_case_state_name(i), nt_case_state_label(i),
                     (int64_t)nt_case_state_final(i), (int64_t)nt_case_editable(i),
                     (int64_t)nt_case_awaits(i));
    for (int i = 0; !rc && i < NT_PS__COUNT; i++)
        rc = nt_exec(db,
                     "INSERT INTO rule_party_states(name,label,final,with_authority,with_ppk,"
                     "stopped,awaits) VALUES($1,$2,$3,$4,$5,$6,$7)",
                     "ttiiiii", nt_party_state_name(i), nt_party_state_label(i),
                     (int64_t)nt_party_state_final(i), (int64_t)nt_party_with_authority(i),
                     (int64_t)nt_party_with_ppk(i), (int64_t)nt_party_stopped(i),
                     (int64_t)nt_party_awaits(i));
    if (!rc)
        rc = nt_exec(db,
                     "INSERT INTO meta(key,value) VALUES('rule_states',$1) "
                     "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                     "t", hex);
    if (rc || nt_db_commit(db)) {
        nt_db_rollback(db);
        return nt_err_set(err, NT_EDB, "db", "tabel acuan status tidak dapat ditulis");
    }
    return 0;
}

static int schema_version(nt_db *db, int *have)
{
    nt_stmt *s;
    if (nt_db_engine_of(db) == NT_DB_PG) {
        /* the meta table may not exist yet: ask the catalogue first */
        s = nt_query(db, "SELECT to_regclass('meta') IS NOT NULL", "");
        int rc = s ? nt_step(s) : NT_EDB;
        bool exists = rc == 1 && nt_col_int(s, 0);
        nt_done(s);
        if (rc < 0) return NT_EDB;
        *have = 0;
        if (!exists) return 0;
        s = nt_query(db, "SELECT value FROM meta WHERE key='schema_version'", "");
    } else {
        s = nt_query(db, "PRAGMA user_version", "");
    }
    if (!s) return NT_EDB;
    int rc = nt_step(s);
    *have = rc == 1 ? (int)nt_col_int(s, 0) : 0;
    nt_done(s);
    return rc < 0 ? NT_EDB : 0;
}

static int set_schema_version(nt_db *db, int v, nt_err *err)
{
    if (nt_db_engine_of(db) == NT_DB_PG) {
        char text[16];
        snprintf(text, sizeof text, "%d", v);
        int rc = nt_exec(db,
                         "INSERT INTO meta(key,value) VALUES('schema_version',$1) "
                         "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                         "t", text);
        return rc ? nt_err_set(err, NT_EDB, "db", "versi skema tidak dapat dicatat") : 0;
    }
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", v);
    return nt_db_exec_script(db, pragma, err);
}

int nt_schema_migrate(nt_db *db, nt_err *err)
{
    const char **list = nt_db_engine_of(db) == NT_DB_PG ? pg_migrations : migrations;
    int want = (int)NT_ARRAY_LEN(migrations), have;
    if (schema_version(db, &have))
        return nt_err_set(err, NT_EDB, "db", "basis data tidak dapat dibaca");
    if (have > want)
        return nt_err_set(err, NT_EDB, "db",
                          "basis data dibuat oleh versi Netral yang lebih baru (skema %d > %d)",
                          have, want);
    if (have == want) return refresh_rule_tables(db, err);
    if (nt_db_begin(db)) return nt_err_set(err, NT_EDB, "db", "basis data sedang terkunci");
    /* again under the lock: another instance may have migrated meanwhile */
    int rc = schema_version(db, &have)
                 ? nt_err_set(err, NT_EDB, "db", "basis data tidak dapat dibaca")
                 : 0;
    for (int i = have; !rc && i < want; i++)
        if (list[i][0]) rc = nt_db_exec_script(db, list[i], err);
    if (!rc && have < want) rc = set_schema_version(db, want, err);
    if (rc || nt_db_commit(db)) {
        nt_db_rollback(db);
        return rc ? rc : nt_err_set(err, NT_EDB, "db", "migrasi gagal disimpan");
    }
    /* new indexes need the planner's statistics before the first query chooses a plan */
    if (have > 0 && have < want) nt_db_exec_script(db, "ANALYZE", NULL);
    return refresh_rule_tables(db, err);
}

int nt_store_ready(nt_store *st, int *schema, nt_err *err)
{
    int want = (int)NT_ARRAY_LEN(migrations);
    *schema = 0;
    if (schema_version(st->db, schema))
        return nt_err_set(err, NT_EDB, "db", "basis data tidak dapat dihubungi");
    if (*schema != want)
        return nt_err_set(err, NT_EDB, "db", "skema basis data %d, program ini mengenal skema %d",
                          *schema, want);
    return 0;
}

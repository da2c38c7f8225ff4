-- A worked example: a placement agency's existing case-management schema, and the views that
-- let the partner subgraph serve it without migrating anything (docs/OWN-DATABASE.md).
-- The legacy tables are as the agency has them; only the "coalition" schema is added.

-- ---------------------------------------------------------------- the agency's own tables
CREATE TABLE clients (
  client_no    integer PRIMARY KEY,
  gender       char(1),              -- F, M, U (did not say)
  race_codes   varchar(40),          -- comma-separated agency codes: B, W, A, H, I, P, M
  dob          date,
  county_name  varchar(40),
  program      varchar(20),          -- JOBPLACE, SKILLS, COACH
  intake_date  date NOT NULL,
  exit_date    date,
  gsid         varchar(15)
);
CREATE TABLE county_lookup (county_name varchar(40) PRIMARY KEY, fips char(5) NOT NULL);
CREATE TABLE enrollments (            -- steps of a case
  enrollment_id serial PRIMARY KEY,
  client_no     integer NOT NULL REFERENCES clients,
  step          varchar(20) NOT NULL,  -- ORIENTATION, HIRED
  started       date NOT NULL,
  ended         date
);
CREATE TABLE employment_checks (      -- follow-up calls after exit
  check_id          serial PRIMARY KEY,
  client_no         integer NOT NULL REFERENCES clients,
  quarter_after_exit smallint NOT NULL, -- 2 or 4
  employed          char(1) NOT NULL,   -- Y or N
  quarterly_wages   numeric(10, 2),
  checked_on        date
);
CREATE TABLE client_contacts (        -- who the client is, as the intake form took it
  client_no  integer PRIMARY KEY REFERENCES clients,
  first_name varchar(60),
  last_name  varchar(60),
  phone      varchar(20),
  email      varchar(120)
);

-- ---------------------------------------------------------------- the contract, as views
CREATE SCHEMA coalition;

-- The one table in the schema: GSIDs the registry gave, written by coalition-link (it would
-- create it if missing; created here because the participant view reads it).
CREATE TABLE coalition.gsid_link (
  local_id  text PRIMARY KEY,
  gsid      text NOT NULL,
  linked_at timestamptz NOT NULL DEFAULT now()
);

CREATE VIEW coalition.participant AS
SELECT
  'BW' || lpad(c.client_no::text, 5, '0')                                       AS local_id,
  COALESCE(g.gsid, c.gsid)::text                                                AS gsid,
  c.intake_date                                                                 AS enrolled_on,
  c.exit_date                                                                   AS exited_on,
  CASE c.program WHEN 'JOBPLACE' THEN 'PLACEMENT' WHEN 'SKILLS' THEN 'TRAINING' WHEN 'COACH' THEN 'RETENTION_COACHING' END AS program_type,
  CASE c.gender WHEN 'F' THEN 'FEMALE' WHEN 'M' THEN 'MALE' ELSE 'NOT_SELF_IDENTIFIED' END AS sex,
  ARRAY(
    SELECT m.contract_code
    FROM unnest(string_to_array(nullif(c.race_codes, ''), ',')) AS code
    JOIN (VALUES ('I', 'AMERICAN_INDIAN_ALASKA_NATIVE', 1), ('A', 'ASIAN', 2), ('B', 'BLACK_AFRICAN_AMERICAN', 3),
                 ('H', 'HISPANIC_LATINO', 4), ('M', 'MIDDLE_EASTERN_NORTH_AFRICAN', 5),
                 ('P', 'NATIVE_HAWAIIAN_PACIFIC_ISLANDER', 6), ('W', 'WHITE', 7)) AS m(agency_code, contract_code, position)
      ON m.agency_code = trim(code)
    ORDER BY m.position
  )::text[]                                                                     AS race_ethnicity,
  extract(year FROM c.dob)::int                                                 AS birth_year,
  l.fips::text                                                                  AS county_fips,
  extract(year FROM c.intake_date)::int::text || 'Q' || extract(quarter FROM c.intake_date)::int::text AS cohort
FROM clients c
LEFT JOIN county_lookup l USING (county_name)
LEFT JOIN coalition.gsid_link g ON g.local_id = 'BW' || lpad(c.client_no::text, 5, '0');

CREATE VIEW coalition.stage_event AS
SELECT
  e.enrollment_id::bigint                                                       AS id,
  'BW' || lpad(e.client_no::text, 5, '0')                                       AS participant_local_id,
  CASE e.step WHEN 'ORIENTATION' THEN 'INTAKE' WHEN 'HIRED' THEN 'PLACEMENT' END AS stage,
  e.started                                                                     AS entered_on,
  e.ended                                                                       AS exited_on
FROM enrollments e;

CREATE VIEW coalition.outcome AS
SELECT
  (k.check_id * 2)::bigint                                                      AS id,
  'BW' || lpad(k.client_no::text, 5, '0')                                       AS participant_local_id,
  CASE k.quarter_after_exit WHEN 2 THEN 'EMP_Q2' WHEN 4 THEN 'EMP_Q4' END       AS indicator_code,
  1                                                                             AS indicator_version,
  NULL::numeric                                                                 AS value_number,
  (k.employed = 'Y')                                                            AS value_boolean,
  CASE k.quarter_after_exit WHEN 2 THEN 'Q2_AFTER_EXIT' WHEN 4 THEN 'Q4_AFTER_EXIT' END AS period,
  'FOLLOW_UP'                                                                   AS wave,
  k.checked_on                                                                  AS observed_on
FROM employment_checks k
UNION ALL
SELECT
  (k.check_id * 2 + 1)::bigint, 'BW' || lpad(k.client_no::text, 5, '0'), 'EARN_Q2', 1,
  k.quarterly_wages, NULL::boolean, 'Q2_AFTER_EXIT', 'FOLLOW_UP', k.checked_on
FROM employment_checks k
WHERE k.quarter_after_exit = 2 AND k.employed = 'Y' AND k.quarterly_wages IS NOT NULL;

-- What coalition-link encodes (at the agency) to ask the registry for GSIDs; never served.
CREATE VIEW coalition.participant_identity AS
SELECT
  'BW' || lpad(c.client_no::text, 5, '0')                                       AS local_id,
  k.first_name::text                                                            AS first_name,
  k.last_name::text                                                             AS last_name,
  c.dob                                                                         AS birth_date,
  NULL::text                                                                    AS ssn_last4,
  k.phone::text                                                                 AS phone,
  k.email::text                                                                 AS email
FROM clients c
JOIN client_contacts k USING (client_no);

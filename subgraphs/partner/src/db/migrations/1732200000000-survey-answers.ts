import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Survey answers as partners collect them (intake and exit questionnaires, follow-up calls). */
export class SurveyAnswers1732200000000 implements MigrationInterface {
  name = 'SurveyAnswers1732200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE survey_answer (
        id                    bigserial PRIMARY KEY,
        participant_local_id  text NOT NULL REFERENCES participant (local_id) ON DELETE CASCADE,
        question_code         text NOT NULL CHECK (question_code ~ '^[A-Z][A-Z0-9_]{1,39}$'),
        answer_number         numeric,
        answer_boolean        boolean,
        answer_text           text,
        wave                  text NOT NULL CHECK (wave IN ('INTAKE','EXIT','FOLLOW_UP')),
        answered_on           date,
        CHECK (num_nonnulls(answer_number, answer_boolean, answer_text) = 1)
      )`);
    await q.query(`CREATE UNIQUE INDEX survey_answer_natural_key ON survey_answer (participant_local_id, question_code, wave)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE survey_answer`);
  }
}

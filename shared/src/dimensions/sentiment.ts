import { SENTIMENT_CUT, sentimentClass } from '../themes/sentiment-class';
import { defineDimension } from './dimension';

/**
 * The sentiment of the participant's latest coded free-text answer at the partner
 * (docs/THEMES.md): NEGATIVE, NEUTRAL or POSITIVE, NO_ANSWER without one. Read from the partner's
 * codings, so only partners that code answers (own tables) can be asked by it. The backbone's
 * only for now: outside the protected cube funders' figures and releases are decided over.
 */
export const SENTIMENT = defineDimension({
  code: 'SENTIMENT',
  label: "sentiment of the participant's latest coded free-text answer, NO_ANSWER without one",
  order: 80,
  backboneOnly: true,
  sql: () => `coalesce((SELECT CASE WHEN t.sentiment <= -${SENTIMENT_CUT} THEN 'NEGATIVE' WHEN t.sentiment >= ${SENTIMENT_CUT} THEN 'POSITIVE' ELSE 'NEUTRAL' END
      FROM survey_answer a JOIN theme_coding t ON t.answer_id = a.id
     WHERE a.participant_local_id = p.local_id AND t.status = 'CODED'
     ORDER BY a.answered_on DESC NULLS LAST, a.id DESC, t.codebook_code, t.codebook_version DESC LIMIT 1), 'NO_ANSWER')`,
  of: (record) => (record.answerSentiment == null ? 'NO_ANSWER' : sentimentClass(record.answerSentiment)),
});

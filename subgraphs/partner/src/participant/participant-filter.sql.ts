import { COHORT_PATTERN, badInput } from '@coalition/shared';
import type { ParticipantFilter } from './participant.input';

/**
 * Compiles a ParticipantFilter to a parameterized WHERE clause over alias `p`. Values are
 * always parameters; only fixed SQL text is concatenated.
 */
export function compileParticipantFilter(filter: ParticipantFilter | undefined, params: unknown[]): string[] {
  const where: string[] = [];
  if (!filter) return where;
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.cohorts) {
    const bad = filter.cohorts.find((cohort) => !COHORT_PATTERN.test(cohort));
    if (bad !== undefined) throw badInput('filter.cohorts', `"${bad}" is not an enrollment quarter like 2025Q3`);
    where.push(`p.cohort = ANY(${param(filter.cohorts)}::text[])`);
  }
  if (filter.programTypes) where.push(`p.program_type = ANY(${param(filter.programTypes)}::text[])`);
  if (filter.reachedStage) {
    where.push(`EXISTS (SELECT 1 FROM stage_event s WHERE s.participant_local_id = p.local_id AND s.stage = ${param(filter.reachedStage)})`);
  }
  if (filter.enrolledFrom) where.push(`p.enrolled_on >= ${param(filter.enrolledFrom)}::date`);
  if (filter.enrolledTo) where.push(`p.enrolled_on <= ${param(filter.enrolledTo)}::date`);
  if (filter.enrolledFrom && filter.enrolledTo && filter.enrolledFrom > filter.enrolledTo) {
    throw badInput('filter.enrolledFrom', 'is after filter.enrolledTo');
  }
  return where;
}

import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const RELEASE_STATUSES = ['PENDING', 'APPROVED'] as const;
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

/**
 * A period's figures as the backbone approved them. Readable only once APPROVED, and never
 * changed after that except for `supersededBy` (the migration's triggers hold it). The blob
 * itself is in release_chunk rows, read through raw SQL since it is bytes in order, not entities.
 */
@Entity({ name: 'release' })
export class Release {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text', name: 'period_label' })
  periodLabel!: string;

  @Column({ type: 'jsonb' })
  period!: Record<string, unknown>;

  @Column({ type: 'text' })
  status!: ReleaseStatus;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'text', name: 'approved_by' })
  approvedBy!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'approved_at', nullable: true })
  approvedAt!: Date | null;

  @Column({ type: 'jsonb', name: 'version_vector' })
  versionVector!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  coverage!: Record<string, unknown>;

  @Column({ type: 'boolean' })
  forced!: boolean;

  @Column({ type: 'integer', name: 'figure_count', nullable: true })
  figureCount!: number | null;

  @Column({ type: 'integer', name: 'size_bytes', nullable: true })
  sizeBytes!: number | null;

  @Column({ type: 'text', nullable: true })
  sha256!: string | null;

  @Column({ type: 'text', nullable: true })
  supersedes!: string | null;

  @Column({ type: 'text', name: 'superseded_by', nullable: true })
  supersededBy!: string | null;
}

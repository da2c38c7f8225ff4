import { GraphQLJSONObject } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { Release } from './release.entity';

// The release store is the gateway's own: @inaccessible keeps it out of the public graph, and
// the access policy answers it only to the gateway's services.

@Directive('@inaccessible')
@ObjectType({ description: "A period's figures as the backbone approved them (the blob itself is read with releaseChunks)." })
export class StoredRelease {
  @Field((_type) => ID, { description: "'rel_' and 16 hex characters." })
  id!: string;

  @Field({ description: 'The period the release is for, e.g. PY2024: a new release of a label supersedes the previous one.' })
  periodLabel!: string;

  @Field((_type) => GraphQLJSONObject)
  period!: Record<string, unknown>;

  @Field({ description: 'PENDING while its chunks are uploaded, APPROVED once committed; reads see APPROVED releases only.' })
  status!: string;

  @Field((_type) => String, { nullable: true, description: 'Why it was released (required when it supersedes a release).' })
  note!: string | null;

  @Field()
  approvedBy!: string;

  @Field({ description: 'ISO timestamp.' })
  createdAt!: string;

  @Field((_type) => String, { nullable: true, description: 'ISO timestamp of the commit.' })
  approvedAt!: string | null;

  @Field((_type) => GraphQLJSONObject, { description: 'The data versions the figures were computed at.' })
  versionVector!: Record<string, unknown>;

  @Field((_type) => GraphQLJSONObject)
  coverage!: Record<string, unknown>;

  @Field({ description: 'Approved although coverage was incomplete.' })
  forced!: boolean;

  @Field((_type) => Int, { nullable: true })
  figureCount!: number | null;

  @Field((_type) => Int, { nullable: true, description: 'Bytes of the whole blob.' })
  sizeBytes!: number | null;

  @Field((_type) => String, { nullable: true, description: 'SHA-256 (hex) of the whole blob, the chunks in order.' })
  sha256!: string | null;

  @Field((_type) => ID, { nullable: true, description: 'The release of the same period this one replaced.' })
  supersedes!: string | null;

  @Field((_type) => ID, { nullable: true, description: 'The release of the same period that replaced this one.' })
  supersededBy!: string | null;
}

/** The GraphQL shape of a stored row: timestamps as ISO strings. */
export function storedRelease(row: Release): StoredRelease {
  return Object.assign(new StoredRelease(), {
    ...row,
    createdAt: row.createdAt.toISOString(),
    approvedAt: row.approvedAt?.toISOString() ?? null,
  });
}

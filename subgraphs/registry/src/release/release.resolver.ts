import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Directive, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RegistryContext } from '../context';
import { MAX_CHUNK_BYTES, MAX_CHUNKS_PER_READ, MAX_NOTE_LENGTH } from './release.rules';
import { StoredRelease } from './stored-release.type';

// Internal protocol: the gateway stores the releases the backbone approves. Kept out of the
// public graph, and answered only to the gateway's own services (shared/src/auth/policy.ts).
@Resolver((_of) => StoredRelease)
export class ReleaseResolver {
  @Directive('@inaccessible')
  @Query((_returns) => [StoredRelease], {
    description: 'Approved releases of a period (of every period when null), the latest approved first. Internal to the gateway.',
  })
  storedReleases(
    @Arg('periodLabel', (_type) => String, { nullable: true }) periodLabel: string | null,
    @Ctx() context: RegistryContext,
  ): Promise<StoredRelease[]> {
    return context.services.releases.list(periodLabel);
  }

  @Directive('@inaccessible')
  @Query((_returns) => StoredRelease, { nullable: true, description: 'An approved release; null when unknown or still pending. Internal to the gateway.' })
  storedRelease(@Arg('id', (_type) => ID) id: string, @Ctx() context: RegistryContext): Promise<StoredRelease | null> {
    return context.services.releases.get(id);
  }

  @Directive('@inaccessible')
  @Query((_returns) => [String], {
    description: `Base64 of chunks from..from+count-1 (count 1 to ${MAX_CHUNKS_PER_READ}) of an approved release; fewer past its end. Internal to the gateway.`,
  })
  releaseChunks(
    @Arg('releaseId', (_type) => ID) releaseId: string,
    @Arg('from', (_type) => Int) from: number,
    @Arg('count', (_type) => Int) count: number,
    @Ctx() context: RegistryContext,
  ): Promise<string[]> {
    return context.services.releases.chunks(releaseId, from, count);
  }

  @Directive('@inaccessible')
  @Mutation((_returns) => StoredRelease, {
    description: `Starts a PENDING release, unreadable until committed. A period that already has a release needs a note (at most ${MAX_NOTE_LENGTH} characters) saying why. Internal to the gateway.`,
  })
  beginRelease(
    @Arg('periodLabel', (_type) => String) periodLabel: string,
    @Arg('period', (_type) => GraphQLJSONObject) period: Record<string, unknown>,
    @Arg('note', (_type) => String, { nullable: true }) note: string | null,
    @Arg('approvedBy', (_type) => String) approvedBy: string,
    @Arg('versionVector', (_type) => GraphQLJSONObject) versionVector: Record<string, unknown>,
    @Arg('coverage', (_type) => GraphQLJSONObject) coverage: Record<string, unknown>,
    @Arg('forced', (_type) => Boolean) forced: boolean,
    @Ctx() context: RegistryContext,
  ): Promise<StoredRelease> {
    return context.services.releases.begin({ periodLabel, period, note, approvedBy, versionVector, coverage, forced });
  }

  @Directive('@inaccessible')
  @Mutation((_returns) => Boolean, {
    description: `Stores chunk \`seq\` (from 0; base64, at most ${MAX_CHUNK_BYTES} bytes decoded) of a pending release; sending a seq again replaces it. Internal to the gateway.`,
  })
  appendReleaseChunk(
    @Arg('releaseId', (_type) => ID) releaseId: string,
    @Arg('seq', (_type) => Int) seq: number,
    @Arg('data', (_type) => String) data: string,
    @Ctx() context: RegistryContext,
  ): Promise<boolean> {
    return context.services.releases.append(releaseId, seq, data);
  }

  @Directive('@inaccessible')
  @Mutation((_returns) => StoredRelease, {
    description:
      "Approves a pending release in one transaction when chunks 0..chunks-1 are all there and hash to sha256 (hex); it supersedes the period's latest release. Internal to the gateway.",
  })
  commitRelease(
    @Arg('releaseId', (_type) => ID) releaseId: string,
    @Arg('chunks', (_type) => Int) chunks: number,
    @Arg('sha256', (_type) => String) sha256: string,
    @Arg('figureCount', (_type) => Int) figureCount: number,
    @Ctx() context: RegistryContext,
  ): Promise<StoredRelease> {
    return context.services.releases.commit(releaseId, chunks, sha256, figureCount);
  }
}

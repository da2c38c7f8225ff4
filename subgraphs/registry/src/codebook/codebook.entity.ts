import { GraphQLJSONObject, GraphQLLocalDate } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Codebook as CodebookBody, ThemeDefinition } from '@coalition/shared/themes';

@ObjectType({ description: 'A theme of a codebook: what a person coding by hand applies (definition, notes) and what the rule coder applies (rules).' })
export class CodebookTheme {
  @Field((_type) => String) code!: string;
  @Field((_type) => String) label!: string;
  @Field((_type) => String, { description: 'BARRIER or HELP.' }) kind!: string;
  @Field((_type) => String) definition!: string;
  @Field((_type) => String) include!: string;
  @Field((_type) => String) exclude!: string;
  @Field((_type) => [String], { description: 'Lemma phrases in order within a sentence; * ends a prefix; a leading no/not is about a lack (docs/THEMES.md).' })
  rules!: string[];
}

@ObjectType({ description: 'One version of a codebook for free-text answers. Never changed: a change is a new version.' })
@Entity({ name: 'codebook' })
export class Codebook {
  @Field((_type) => String)
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Field((_type) => Int)
  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  body!: CodebookBody;

  @Field((_type) => GraphQLLocalDate)
  @Column({ type: 'date', name: 'published_on' })
  publishedOn!: string;

  @Column({ type: 'text', name: 'published_by' })
  publishedBy!: string;

  @Field((_type) => [String], { description: 'The questions it applies to, as asked.' })
  get questions(): string[] {
    return this.body.questions;
  }

  @Field((_type) => [String], { description: "The same questions' codes in partners' survey answers." })
  get questionCodes(): string[] {
    return this.body.questionCodes;
  }

  @Field((_type) => [CodebookTheme])
  get themes(): ThemeDefinition[] {
    return this.body.themes;
  }

  @Field((_type) => GraphQLJSONObject, { description: 'The whole codebook as partners receive it.' })
  get content(): Record<string, unknown> {
    return this.body as unknown as Record<string, unknown>;
  }
}
